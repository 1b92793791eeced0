using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Tests.Databases;

namespace Strata.Core.Tests.Data;

/// <summary>API.md: several nodes starting at the same moment on an empty database — one creates the schema and the administrator, the others wait and then serve.</summary>
public sealed class SchemaStartupTests
{
    [PostgresOnlyFact]
    public async Task NodesStartingTogetherOnAnEmptyDatabaseMigrateOnceAndCreateOneAdministrator()
    {
        var folder = Path.Combine(Path.GetTempPath(), "strata-core-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connectionString = ScratchDatabase.Create(folder);
        try
        {
            var created = 0;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                await using var db = Context(connectionString);
                await using var accountsDb = Context(connectionString);
                var bootstrap = new Bootstrap(new AccountService(accountsDb, new AccountOptions { PasswordIterations = 1000 }, new FakeTimeProvider()));
                await SchemaStartup.MigrateAsync(db, async () =>
                {
                    if (await bootstrap.EnsureAdministratorAsync("admin@example.org", "admin password", CancellationToken.None))
                        Interlocked.Increment(ref created);
                }, CancellationToken.None);
            })));

            await using var check = Context(connectionString);
            Assert.Empty(await check.Database.GetPendingMigrationsAsync());
            Assert.Equal(1, created);
            Assert.Equal(1, await check.Users.CountAsync());
        }
        finally
        {
            ScratchDatabase.Drop(connectionString);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static StrataDb Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<StrataDb>();
        Database.Configure(options, connectionString);
        return new StrataDb(options.Options);
    }
}
