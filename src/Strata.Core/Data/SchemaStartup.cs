using Microsoft.EntityFrameworkCore;

namespace Strata.Core.Data;

/// <summary>
/// Brings a database to the current schema. Several nodes may start together on one empty PostgreSQL database
/// (API.md "Server start-up, continued"): each takes a session advisory lock first, so exactly one migrates and
/// runs <c>thenOnce</c> (creating the first administrator) while the others wait, then find nothing to do.
/// </summary>
public static class SchemaStartup
{
    /// <summary>An arbitrary constant naming Strata's start-up lock among the database's advisory locks.</summary>
    private const long LockKey = 0x5374_7261_7461_0001;

    public static async Task MigrateAsync(StrataDb db, Func<Task> thenOnce, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(ct);
            await thenOnce();
            return;
        }
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", ct);
            try
            {
                await db.Database.MigrateAsync(ct);
                await thenOnce();
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
