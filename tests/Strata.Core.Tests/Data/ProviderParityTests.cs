using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;

namespace Strata.Core.Tests.Data;

/// <summary>
/// SPEC §9: one model, a migrations folder per provider, every migration for every provider. Fails when the
/// model changed without a migration for one of them, or a migration was added for one provider only.
/// </summary>
public sealed class ProviderParityTests
{
    /// <summary>The last SQLite migration folded into PostgreSQL's first one, "PostgresBaseline".</summary>
    private const string SqliteBaseline = "20261201022855_BrowserSessions";

    private const string PostgresBaseline = "PostgresBaseline";

    public static TheoryData<string> Providers => new() { "Data Source=parity.db", "Host=localhost;Database=parity" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void TheModelHasNoChangeWithoutAMigration(string connectionString)
    {
        using var db = Context(connectionString);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model changed without a migration for {Database.ProviderOf(connectionString)}: add one for every provider (README, \"Changing the model\").");
    }

    [Fact]
    public void EveryMigrationSinceThePostgresBaselineExistsForBothProviders()
    {
        using var sqlite = Context("Data Source=parity.db");
        using var postgres = Context("Host=localhost;Database=parity");
        var sqliteMigrations = sqlite.Database.GetMigrations().ToList();
        var postgresMigrations = postgres.Database.GetMigrations().ToList();

        Assert.Contains(SqliteBaseline, sqliteMigrations);
        Assert.Equal(PostgresBaseline, Name(postgresMigrations[0]));
        var sqliteSince = sqliteMigrations.Where(m => string.CompareOrdinal(m, SqliteBaseline) > 0).Select(Name);
        var postgresSince = postgresMigrations.Skip(1).Select(Name);
        Assert.Equal(sqliteSince, postgresSince);
    }

    [Theory]
    [InlineData("postgres://strata:secret@db.example.org:6543/strata?sslmode=require", DatabaseProvider.Postgres)]
    [InlineData("postgresql://db/strata", DatabaseProvider.Postgres)]
    [InlineData("Host=db;Database=strata;Username=strata;Password=x", DatabaseProvider.Postgres)]
    [InlineData("Server=db;Database=strata", DatabaseProvider.Postgres)]
    [InlineData("Data Source=/srv/strata/strata.db", DatabaseProvider.Sqlite)]
    [InlineData("Data Source=strata.db;Cache=Shared", DatabaseProvider.Sqlite)]
    public void TheFormOfTheSettingChoosesTheProvider(string value, DatabaseProvider expected) =>
        Assert.Equal(expected, Database.ProviderOf(value));

    [Fact]
    public void APostgresUrlBecomesAConnectionString()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(
            Database.Normalize("postgres://str%40ta:p%3Ass@db.example.org:6543/strata?sslmode=require&Maximum%20Pool%20Size=50"));

        Assert.Equal(("db.example.org", 6543, "strata", "str@ta", "p:ss"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal(50, builder.MaxPoolSize);
    }

    [Theory]
    [InlineData("postgres://db.example.org")]
    [InlineData("postgres://db.example.org/strata?NoSuchKeyword=1")]
    [InlineData("Host=db;NoSuchKeyword=1")]
    [InlineData("Data Source=x.db;NoSuchKeyword=1")]
    public void AnUnreadableSettingIsRefusedWithAReason(string value) =>
        Assert.ThrowsAny<ArgumentException>(() => Database.Normalize(value));

    private static StrataDb Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<StrataDb>();
        Database.Configure(options, connectionString);
        return new StrataDb(options.Options);
    }

    private static string Name(string migrationId) => migrationId[(migrationId.IndexOf('_') + 1)..];
}
