using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Strata.Core.Data;

namespace Strata.Tests.Databases;

/// <summary>
/// A database of one test's own: a SQLite file in the test's folder by default, or — when STRATA_TEST_POSTGRES
/// names a PostgreSQL server (.ci/run starts one and runs the suites again with it) — a fresh database on that
/// server, dropped when the test ends.
/// </summary>
public static class ScratchDatabase
{
    public const string Variable = "STRATA_TEST_POSTGRES";

    /// <summary>The PostgreSQL server the suites run against in their second configuration, or null.</summary>
    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? Database.Normalize(value) : null;

    public static bool OnPostgres => Server is not null;

    /// <summary>A connection string to an empty database of its own (SQLite: a file in the folder, created on first use).</summary>
    public static string Create(string folder) => CreateOn(Server, folder);

    /// <summary>Closes the pooled connections to the database and, on PostgreSQL, drops it.</summary>
    public static void Drop(string connectionString) => DropOn(Server, connectionString);

    /// <summary>As <see cref="Create"/>, on a PostgreSQL server given here (null: SQLite) — the benchmarks link this file too.</summary>
    public static string CreateOn(string? server, string folder)
    {
        if (server is null)
            return Database.DefaultConnectionString(folder);
        var name = "strata_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static void DropOn(string? server, string connectionString)
    {
        if (Database.ProviderOf(connectionString) == DatabaseProvider.Sqlite)
        {
            using var sqlite = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(sqlite);
            return;
        }
        using (var pooled = new NpgsqlConnection(connectionString))
            NpgsqlConnection.ClearPool(pooled);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }

    /// <summary>A raw connection to the database, outside EF, for tests that read what is really stored.</summary>
    public static DbConnection Connect(string connectionString) =>
        Database.ProviderOf(connectionString) == DatabaseProvider.Postgres
            ? new NpgsqlConnection(Database.Normalize(connectionString))
            : new SqliteConnection(connectionString);

    /// <summary>The tables of the database, its migration history included.</summary>
    public static async Task<IReadOnlyList<string>> TablesAsync(DbConnection connection)
    {
        await using var list = connection.CreateCommand();
        list.CommandText = connection is SqliteConnection
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";
        await using var reader = await list.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0));
        return tables;
    }
}
