using System.Diagnostics;
using Strata.Bench.Harness;

namespace Strata.Bench.Scenarios;

/// <summary>
/// Upload 1 GB of mixed files through the HTTP API of a real server process (4 uploads at a time),
/// against `cp -a` of the same folder on the same disk. Target: at least 50% of cp's throughput.
/// </summary>
public sealed class IngestScenario : IScenario
{
    public string Name => "ingest";

    public string Description => "upload 1 GB of mixed files over HTTP, vs cp -a";

    public async Task RunAsync(BenchContext context)
    {
        var spec = DistributeScenario.Spec(context.Quick);
        var (source, paths) = context.Data(spec);
        var strata = new List<double>();
        var copy = new List<double>();
        var runs = context.Quick ? 1 : 3;
        for (var run = 0; run < runs; run++)
        {
            await using var server = await ServerProcess.StartAsync(context.Repository, context.NewFolder("server"));
            await server.PostJsonAsync("orgs", new { name = "University", slug = "uni" });
            await server.PostJsonAsync("orgs/uni/spaces", new { name = "Course", type = "course" });
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, ct) =>
            {
                await using var file = File.OpenRead(Path.Combine(source, path));
                using var content = new StreamContent(file, 1 << 16);
                using var response = await server.Client.PutAsync($"api/v1/orgs/uni/spaces/course/instances/master/states/current/files/{Escape(path)}", content, ct);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            });
            strata.Add(spec.Bytes / watch.Elapsed.TotalSeconds / (1 << 20));

            var target = context.NewFolder("cp");
            copy.Add(spec.Bytes / (Shell.Time(source, $"cp -a . '{target}' && sync") / 1000) / (1 << 20));
            Directory.Delete(target, recursive: true);
        }
        var s = Stats.Of(strata);
        var c = Stats.Of(copy);
        context.Add(new Row(Name, $"{spec.Name} over HTTP", s.Format("MB/s"), $"cp -a {c.Format("MB/s")}", Report.Ratio(s, c), "≥ 0.5× cp", Report.Verdict(s.Median >= c.Median / 2)));
    }

    internal static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
