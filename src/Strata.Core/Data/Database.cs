using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Strata.Core.Data;

/// <summary>The database engines Strata runs on (SPEC §9): SQLite embedded by default, PostgreSQL when it grows.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The provider seam: everything that differs between database engines is decided here.</summary>
public static class Database
{
    /// <summary>The assembly holding the PostgreSQL migrations (SQLite's are in this one, under Data/Migrations/Sqlite).</summary>
    public const string PostgresMigrationsAssembly = "Strata.Data.Postgres";

    /// <summary>The embedded default: a SQLite file in the data folder.</summary>
    public static string DefaultConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "strata.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

    /// <summary>
    /// API.md "Server start-up, continued": a postgres:// or postgresql:// URL, or a connection string naming a
    /// Host (or Server), is PostgreSQL; anything else is a SQLite connection string.
    /// </summary>
    public static DatabaseProvider ProviderOf(string connectionString)
    {
        if (PostgresUrl.IsUrl(connectionString))
            return DatabaseProvider.Postgres;
        try
        {
            var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            return keys.ContainsKey("Host") || keys.ContainsKey("Server") ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        }
        catch (ArgumentException)
        {
            return DatabaseProvider.Sqlite;
        }
    }

    /// <summary>
    /// The connection string the provider's own driver reads: a URL becomes Npgsql's key=value form. Throws
    /// <see cref="ArgumentException"/> naming what is wrong when the value cannot be read.
    /// </summary>
    public static string Normalize(string connectionString) => ProviderOf(connectionString) switch
    {
        DatabaseProvider.Postgres when PostgresUrl.IsUrl(connectionString) => PostgresUrl.ToConnectionString(connectionString),
        DatabaseProvider.Postgres => new NpgsqlConnectionStringBuilder(connectionString).ConnectionString,
        _ => new SqliteConnectionStringBuilder(connectionString).ConnectionString,
    };

    public static void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        var normalized = Normalize(connectionString);
        if (ProviderOf(connectionString) == DatabaseProvider.Postgres)
            options.UseNpgsql(normalized, npgsql => npgsql.MigrationsAssembly(PostgresMigrationsAssembly))
                .AddInterceptors(new PostgresTextGuard());
        else
            options.UseSqlite(normalized, sqlite => sqlite.MigrationsAssembly(typeof(Database).Assembly.FullName))
                .AddInterceptors(new SqlitePragmas());
    }

    /// <summary>True when a save failed because a unique index refused a duplicate.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}
