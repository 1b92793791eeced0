using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Tests.Databases;

namespace Strata.Core.Tests;

/// <summary>
/// A real, migrated database of its own (a SQLite file in a temp folder, or a PostgreSQL database: <see cref="ScratchDatabase"/>), plus the clock and options the
/// domain services get. One per test; disposing it deletes the folder.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly List<StrataDb> contexts = [];

    private TestDatabase(string folder)
    {
        Folder = folder;
        ConnectionString = ScratchDatabase.Create(folder);
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    // Fewer rounds than production keeps the suite fast; the scheme is the same.
    public AccountOptions Options { get; } = new() { PasswordIterations = 1000 };

    public static async Task<TestDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "strata-core-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = new TestDatabase(folder);
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>A fresh context over the same file, as a new request would get.</summary>
    public StrataDb NewContext()
    {
        var options = new DbContextOptionsBuilder<StrataDb>();
        Database.Configure(options, ConnectionString);
        var db = new StrataDb(options.Options);
        contexts.Add(db);
        return db;
    }

    public AccountService Accounts() => new(NewContext(), Options, Clock);

    public Bootstrap Bootstrap() => new(Accounts());

    /// <summary>This test's node: what it remembers between requests (another node is another cache over the same database).</summary>
    public Strata.Core.Access.AccessCache AccessCache { get; } = new();

    /// <summary>Token authentication as one request of a node sees it: the node's cache, by default this test's.</summary>
    public TokenAuthentication Tokens(Strata.Core.Access.AccessCache? node = null, StrataDb? db = null)
    {
        db ??= NewContext();
        return new(db, new Strata.Core.Access.AccessEpoch(db), node ?? AccessCache, Clock);
    }

    /// <summary>Every value of every row of a table, as text, straight from the database.</summary>
    public async Task<IReadOnlyList<string>> RawValuesAsync(string table)
    {
        await using var connection = ScratchDatabase.Connect(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                values.Add(reader.IsDBNull(i) ? "" : reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(bytes) + " " + System.Text.Encoding.UTF8.GetString(bytes),
                    var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                });
            }
        }
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var db in contexts)
            await db.DisposeAsync();
        // Pooled connections keep the file (or database) open; release them so it can go.
        ScratchDatabase.Drop(ConnectionString);
        Directory.Delete(Folder, recursive: true);
    }
}
