using Microsoft.EntityFrameworkCore;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Tests.Databases;

namespace Strata.Core.Tests.Data;

public sealed class DatabaseTests
{
    private static User NewUser(string normalizedEmail, DateTimeOffset createdAt = default) => new()
    {
        Email = normalizedEmail,
        EmailNormalized = normalizedEmail,
        Name = "someone",
        PasswordHash = "pbkdf2-sha512$1$AA==$AA==",
        CreatedAt = createdAt,
    };

    [Fact]
    public async Task MigrationCreatesTheDatabaseFileInTheDataFolder()
    {
        await using var data = await TestDatabase.CreateAsync();

        Assert.Equal(!ScratchDatabase.OnPostgres, File.Exists(Path.Combine(data.Folder, "strata.db")));
        await using var db = data.NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task DuplicateNormalizedEmailIsReportedAsUniqueViolation()
    {
        await using var data = await TestDatabase.CreateAsync();
        await using (var first = data.NewContext())
        {
            first.Users.Add(NewUser("ann@example.com"));
            await first.SaveChangesAsync();
        }
        await using var second = data.NewContext();
        second.Users.Add(NewUser("ann@example.com"));

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        Assert.True(Database.IsUniqueViolation(error));
    }

    [Fact]
    public async Task ForeignKeysAreEnforcedAndAreNotUniqueViolations()
    {
        await using var data = await TestDatabase.CreateAsync();
        await using var db = data.NewContext();
        db.AccessTokens.Add(new AccessToken { UserId = Guid.NewGuid(), Name = "orphan", SecretHash = new string('0', 64) });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.False(Database.IsUniqueViolation(error));
    }

    [SqliteOnlyFact]
    public async Task ConnectionsUseWriteAheadLogging()
    {
        await using var data = await TestDatabase.CreateAsync();
        await using var db = data.NewContext();

        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();

        Assert.Equal(["wal"], mode);
    }

    [Fact]
    public async Task DeletingAUserDeletesTheirTokens()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);
        await data.Accounts().CreateTokenAsync(ann.Id, null, default);
        await using var db = data.NewContext();

        await db.Users.Where(u => u.Id == ann.Id).ExecuteDeleteAsync();

        Assert.False(await db.AccessTokens.AnyAsync());
    }

    [Fact]
    public async Task InstantsRoundTripAsUtcWhateverTheOffset()
    {
        await using var data = await TestDatabase.CreateAsync();
        var local = new DateTimeOffset(2026, 3, 1, 12, 30, 15, TimeSpan.FromHours(2)).AddTicks(7);
        await using (var db = data.NewContext())
        {
            db.Users.Add(NewUser("ann@example.com", local));
            await db.SaveChangesAsync();
        }

        await using var read = data.NewContext();
        var stored = (await read.Users.SingleAsync()).CreatedAt;

        Assert.Equal(local.UtcTicks, stored.UtcTicks);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
    }
}
