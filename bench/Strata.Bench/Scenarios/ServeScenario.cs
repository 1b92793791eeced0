using System.Diagnostics;
using Strata.Bench.Harness;

namespace Strata.Bench.Scenarios;

/// <summary>
/// 64 concurrent clients listing folders and downloading small files for 30 s from a real server process, and on
/// PostgreSQL again from three nodes of one installation (the clients spread over them).
/// Target: p99 under 50 ms, zero errors; the server's peak working set under 300 MB.
/// </summary>
public sealed class ServeScenario : IScenario
{
    public string Name => "serve";

    public string Description => "64 clients listing folders and downloading small files over HTTP";

    public async Task RunAsync(BenchContext context)
    {
        var (source, paths) = context.Data(SnapshotScenario.SpecFor(1_000));
        await using var server = await ServerProcess.StartAsync(context.Repository, context.NewFolder("server"));
        await server.PostJsonAsync("orgs", new { name = "University", slug = "uni" });
        await server.PostJsonAsync("orgs/uni/spaces", new { name = "Course", type = "course" });
        const string state = "api/v1/orgs/uni/spaces/course/instances/master/states/current";
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, ct) =>
        {
            await using var file = File.OpenRead(Path.Combine(source, path));
            using var response = await server.Client.PutAsync($"{state}/files/{IngestScenario.Escape(path)}", new StreamContent(file), ct);
            response.EnsureSuccessStatusCode();
        });
        var folders = paths.Select(p => p[..p.LastIndexOf('/')]).Distinct().ToArray();
        var files = paths.ToArray();
        var duration = TimeSpan.FromSeconds(context.Quick ? 10 : 30);

        var one = await LoadAsync([server], state, folders, files, duration);
        context.Add(new Row(Name, $"64 clients, {duration.TotalSeconds:0} s{(BenchDatabase.Provider == Strata.Core.Data.DatabaseProvider.Postgres ? ", 1 node" : "")}", one.Summary,
            "", "", "p99 < 50 ms, 0 errors", Report.Verdict(one.P99 < 50 && one.Errors == 0)));
        context.Add(new Row("memory", "server peak working set under the load above", DataSpec.Size(one.PeakRss), "", "", "< 300 MB", Report.Verdict(one.PeakRss < 300L << 20)));

        // Several nodes share one database and one content store; only PostgreSQL can be shared.
        if (BenchDatabase.Provider != Strata.Core.Data.DatabaseProvider.Postgres)
            return;
        await using var second = await ServerProcess.StartAsync(context.Repository, context.NewFolder("node2"), join: server);
        await using var third = await ServerProcess.StartAsync(context.Repository, context.NewFolder("node3"), join: server);
        var three = await LoadAsync([server, second, third], state, folders, files, duration);
        context.Add(new Row(Name, $"64 clients, {duration.TotalSeconds:0} s, 3 nodes (clients spread evenly)", three.Summary,
            "", "", "p99 < 50 ms, 0 errors", Report.Verdict(three.P99 < 50 && three.Errors == 0)));
        context.Add(new Row("memory", "peak working set of the largest of 3 nodes", DataSpec.Size(three.PeakRss), "", "", "< 300 MB", Report.Verdict(three.PeakRss < 300L << 20)));
    }

    private sealed record Load(double Rate, double P50, double P99, int Errors, long PeakRss)
    {
        public string Summary => $"{Rate:0} req/s, p50 {Stats.Number(P50)} ms, p99 {Stats.Number(P99)} ms, {Errors} errors";
    }

    /// <summary>64 clients, client i on node i mod n, each half listings and half small downloads, for <paramref name="duration"/>.</summary>
    private static async Task<Load> LoadAsync(ServerProcess[] nodes, string state, string[] folders, string[] files, TimeSpan duration)
    {
        var latencies = new List<double>[64];
        var errors = 0;
        foreach (var node in nodes)
            node.ResetPeak();
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async client =>
        {
            var random = new Random(client);
            var node = nodes[client % nodes.Length];
            var mine = latencies[client] = [];
            while (stop.Elapsed < duration)
            {
                var url = random.Next(2) == 0 ? $"{state}/files/{folders[random.Next(folders.Length)]}" : $"{state}/files/{files[random.Next(files.Length)]}";
                var watch = Stopwatch.StartNew();
                try
                {
                    using var response = await node.Client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                        Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                mine.Add(watch.Elapsed.TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Load(all.Length / stop.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)], errors, nodes.Max(n => n.PeakRssBytes));
    }
}
