using System.Diagnostics;
using Strata.Bench.Harness;

namespace Strata.Bench.Scenarios;

/// <summary>
/// 64 concurrent clients listing folders and downloading small files for 30 s from a real server process.
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
        var latencies = new List<double>[64];
        var errors = 0;
        server.ResetPeak();
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async client =>
        {
            var random = new Random(client);
            var mine = latencies[client] = [];
            while (stop.Elapsed < duration)
            {
                var url = random.Next(2) == 0 ? $"{state}/files/{folders[random.Next(folders.Length)]}" : $"{state}/files/{files[random.Next(files.Length)]}";
                var watch = Stopwatch.StartNew();
                try
                {
                    using var response = await server.Client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
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
        var p50 = all[all.Length / 2];
        var p99 = all[(int)(all.Length * 0.99)];
        var rate = all.Length / stop.Elapsed.TotalSeconds;
        context.Add(new Row(Name, $"64 clients, {duration.TotalSeconds:0} s", $"{rate:0} req/s, p50 {Stats.Number(p50)} ms, p99 {Stats.Number(p99)} ms, {errors} errors",
            "", "", "p99 < 50 ms, 0 errors", Report.Verdict(p99 < 50 && errors == 0)));
        var peak = server.PeakRssBytes;
        context.Add(new Row("memory", "server peak working set under the load above", DataSpec.Size(peak), "", "", "< 300 MB", Report.Verdict(peak < 300L << 20)));
    }
}
