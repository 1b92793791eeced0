using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Strata.Bench.Harness;

namespace Strata.Bench.Scenarios;

/// <summary>
/// What one operation costs the shared engines, measured on a real server process over PostgreSQL: database
/// transactions (each statement outside an explicit transaction is one, so this counts round trips that commit),
/// rows written (pg_stat_database), and objects and bytes added to the content store. Rows read are counted too but
/// not shown: catalog lookups and the workers' polls add a few hundred a second, more than a request reads. docs/scaling.md
/// builds the capacity model from these rows.
/// </summary>
public sealed class CostsScenario : IScenario
{
    /// <summary>PostgreSQL flushes a backend's counters when it goes idle, at most once a second, and an idle one within 10 s.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(11);

    public string Name => "costs";

    public string Description => "database round trips, rows and stored objects per operation (PostgreSQL only)";

    public async Task RunAsync(BenchContext context)
    {
        if (BenchDatabase.Provider != Strata.Core.Data.DatabaseProvider.Postgres)
        {
            context.Add(new Row(Name, "skipped: counts come from pg_stat_database; run with --database postgres", "", "", "", "", ""));
            return;
        }
        var (source, paths) = context.Data(SnapshotScenario.SpecFor(1_000));
        await using var server = await ServerProcess.StartAsync(context.Repository, context.NewFolder("server"));
        await server.PostJsonAsync("orgs", new { name = "University", slug = "uni" });
        await server.PostJsonAsync("orgs/uni/spaces", new { name = "Course", type = "course" });
        const string space = "api/v1/orgs/uni/spaces/course";
        const string master = $"{space}/instances/master";
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, ct) =>
        {
            await using var file = File.OpenRead(Path.Combine(source, path));
            using var response = await server.Client.PutAsync($"{master}/states/current/files/{IngestScenario.Escape(path)}", new StreamContent(file), ct);
            response.EnsureSuccessStatusCode();
        });
        var folders = paths.Select(p => p[..p.LastIndexOf('/')]).Distinct().ToArray();
        var meter = new Meter(server);
        var n = context.Quick ? 50 : 200;

        var idle = await meter.IdleAsync(context.Quick ? TimeSpan.FromSeconds(12) : TimeSpan.FromSeconds(30));
        context.Add(new Row(Name, "idle node (background workers), per second", idle.Describe(1), "", "", "", ""));

        var random = new Random(7);
        context.Add(Meter.Row("list a folder", n, await meter.MeasureAsync(idle, n, i => Ok(server.Client.GetAsync($"{master}/states/current/files/{folders[random.Next(folders.Length)]}")))));
        context.Add(Meter.Row("download a small file", n, await meter.MeasureAsync(idle, n, i => Ok(server.Client.GetAsync($"{master}/states/current/files/{paths[random.Next(paths.Count)]}")))));
        context.Add(Meter.Row("upload a new 1 KB file", n, await meter.MeasureAsync(idle, n, i =>
            Ok(server.Client.PutAsync($"{master}/states/current/files/new/file-{i}.txt", new ByteArrayContent(Contents(i)))))));
        context.Add(Meter.Row("replace a 1 KB file", n, await meter.MeasureAsync(idle, n, i =>
            Ok(server.Client.PutAsync($"{master}/states/current/files/new/file-{i}.txt", new ByteArrayContent(Contents(i + n)))))));
        string? first = null, last = null;
        context.Add(Meter.Row("snapshot", n / 4, await meter.MeasureAsync(idle, n / 4, async i =>
        {
            var snapshot = await server.PostJsonAsync("orgs/uni/spaces/course/instances/master/snapshots", new { });
            first ??= snapshot.GetProperty("id").GetString();
            last = snapshot.GetProperty("id").GetString();
        })));
        context.Add(Meter.Row("diff of two snapshots (1,000 files, no change)", n / 4, await meter.MeasureAsync(idle, n / 4, i =>
            Ok(server.Client.GetAsync($"{master}/states/{last}/diff?against={first}")))));

        var students = context.Quick ? 20 : 100;
        var emails = Enumerable.Range(0, students).Select(i => $"student{i}@bench.example").ToArray();
        context.Add(Meter.Row("create an instance with content, invite its student (one request for all)", students, (await meter.MeasureAsync(idle, 1, i =>
            server.PostJsonAsync("orgs/uni/spaces/course/instances", new { mode = "separate", emails, content = new { instance = "master", state = last } }))).Per(students)));
        (await server.Client.PutAsync($"{master}/states/current/files/new/handout.txt", new ByteArrayContent(Contents(-1)))).EnsureSuccessStatusCode();
        var handout = (await server.PostJsonAsync("orgs/uni/spaces/course/instances/master/snapshots", new { })).GetProperty("id").GetString();
        context.Add(Meter.Row("distribute a snapshot with one new file (merge, auto snapshot), per target", students, (await meter.MeasureAsync(idle, 1, async i =>
        {
            var created = await server.PostJsonAsync("orgs/uni/spaces/course/distributions",
                new { source = new { instance = "master", state = handout }, targets = new { all = true }, strategy = "merge" });
            var id = created.GetProperty("id").GetString();
            while (true)
            {
                var status = (await server.Client.GetFromJsonAsync<JsonElement>($"{space}/distributions/{id}")).GetProperty("status").GetString();
                if (status is not ("queued" or "running"))
                    break;
                await Task.Delay(100);
            }
        })).Per(students)));
    }

    private static byte[] Contents(int i) => [.. System.Text.Encoding.UTF8.GetBytes($"file {i} ").Concat(new byte[1024]).Take(1024)];

    private static async Task Ok(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Counters of the database and the content store at one moment.</summary>
    private sealed record Counters(double Transactions, double RowsRead, double RowsWritten, double Objects, double Bytes, double Seconds)
    {
        public static Counters operator -(Counters a, Counters b) =>
            new(a.Transactions - b.Transactions, a.RowsRead - b.RowsRead, a.RowsWritten - b.RowsWritten, a.Objects - b.Objects, a.Bytes - b.Bytes, a.Seconds - b.Seconds);

        public Counters Per(double count) => new(Transactions / count, RowsRead / count, RowsWritten / count, Objects / count, Bytes / count, Seconds / count);

        public Counters Without(Counters idlePerSecond) => new(
            Math.Max(0, Transactions - idlePerSecond.Transactions * Seconds), Math.Max(0, RowsRead - idlePerSecond.RowsRead * Seconds),
            Math.Max(0, RowsWritten - idlePerSecond.RowsWritten * Seconds), Objects, Bytes, Seconds);

        public string Describe(int decimals) =>
            $"{Math.Round(Transactions, decimals)} transactions, {Math.Round(RowsWritten, decimals)} rows written, " +
            $"{Math.Round(Objects, decimals)} objects (+{DataSpec.Size(Bytes)})";
    }

    private sealed class Meter(ServerProcess server)
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();

        public async Task<Counters> IdleAsync(TimeSpan window)
        {
            await Task.Delay(Settle); // what came before has reached the counters
            var before = await ReadAsync();
            await Task.Delay(window);
            var after = await ReadAsync();
            var idle = after - before;
            return idle.Per(idle.Seconds) with { Seconds = 1 };
        }

        /// <summary>Runs the operation <paramref name="count"/> times one after the other; the cost of one, the idle node's share taken off.</summary>
        public async Task<Counters> MeasureAsync(Counters idle, int count, Func<int, Task> operation)
        {
            var before = await ReadAsync();
            for (var i = 0; i < count; i++)
                await operation(i);
            await Task.Delay(Settle);
            var used = (await ReadAsync() - before).Without(idle);
            return used.Per(count);
        }

        public static Row Row(string operation, int count, Counters cost) =>
            new("costs", $"{operation} (×{count})", cost.Describe(2), "", "", "", "");

        private async Task<Counters> ReadAsync()
        {
            await using var connection = new NpgsqlConnection(server.DatabaseConnection);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT pg_stat_clear_snapshot();
                SELECT xact_commit + xact_rollback, tup_returned + tup_fetched, tup_inserted + tup_updated + tup_deleted
                FROM pg_stat_database WHERE datname = current_database();
                """;
            await using var reader = await command.ExecuteReaderAsync();
            await reader.NextResultAsync();
            await reader.ReadAsync();
            var (transactions, read, written) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            var blobs = BenchContent.Measure(server.ContentLocation, "blobs");
            var trees = BenchContent.Measure(server.ContentLocation, "trees");
            // The meter's own statements add two transactions a reading: noise against the hundreds an operation batch makes.
            return new Counters(transactions, read, written, blobs.Count + trees.Count, blobs.Bytes + trees.Bytes, clock.Elapsed.TotalSeconds);
        }
    }
}
