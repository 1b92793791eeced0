using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Strata.Core.Data;

/// <summary>The provider seam: everything that differs between database engines is decided here.</summary>
public static class Database
{
    /// <summary>The embedded default: a SQLite file in the data folder.</summary>
    public static string DefaultConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "strata.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(Database).Assembly.FullName))
            .AddInterceptors(new SqlitePragmas());

    /// <summary>True when a save failed because a unique index refused a duplicate.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };
}
