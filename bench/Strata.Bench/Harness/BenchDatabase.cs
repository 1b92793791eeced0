using Npgsql;
using Strata.Core.Data;

namespace Strata.Bench.Harness;

/// <summary>
/// Which database the scenarios run on (`--database sqlite|postgres`, default sqlite). On PostgreSQL each host
/// gets a database of its own on one server: the one `--postgres URL` names, or a throwaway cluster the bench
/// starts with tests/tools/postgres/start and stops at the end.
/// </summary>
public static class BenchDatabase
{
    private static string? server;

    public static DatabaseProvider Provider => server is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    public static string Describe => server is null ? "SQLite file" : $"PostgreSQL ({new NpgsqlConnectionStringBuilder(server).Host}:{new NpgsqlConnectionStringBuilder(server).Port})";

    public static void UsePostgres(string url) => server = Database.Normalize(url);

    /// <summary>A connection string to an empty database of its own.</summary>
    public static string Create(string folder) => Strata.Tests.Databases.ScratchDatabase.CreateOn(server, folder);

    /// <summary>Bytes the database holds now: the SQLite file with its write-ahead log, or pg_database_size.</summary>
    public static long SizeBytes(string connectionString, string folder)
    {
        if (server is null)
            return Directory.EnumerateFiles(folder, "strata.db*").Sum(f => new FileInfo(f).Length);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_database_size(current_database())";
        return (long)command.ExecuteScalar()!;
    }

    public static void Drop(string connectionString) => Strata.Tests.Databases.ScratchDatabase.DropOn(server, connectionString);
}
