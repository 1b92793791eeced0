using System.Diagnostics;
using Strata.Bench.Harness;

namespace Strata.Bench.Scenarios;

/// <summary>
/// The strata command's sync (issue 17, item 5), run as a user runs it (the built tool, one process per command)
/// against a real server process, side by side in one run with `cp -a` and `rsync -a` to a local folder and with the
/// per-file API: the first push of 10,000 files / 1 GB; a push with nothing changed, and one after changing 10 files,
/// of a clone of 100,000 small files; a pull of an unchanged tree.
/// </summary>
public sealed class SyncScenario : IScenario
{
    public string Name => "sync";

    public string Description => "strata push/pull vs cp -a, rsync -a and the per-file API";

    public async Task RunAsync(BenchContext context)
    {
        var cli = Path.Combine(context.Repository, "src", "Strata.Cli", "bin", "Release", "net10.0", "strata.dll");
        if (!File.Exists(cli))
            Shell.Run(context.Repository, "dotnet build -c Release src/Strata.Cli -v q");
        await using var server = await ServerProcess.StartAsync(context.Repository, context.NewFolder("server"));
        await server.PostJsonAsync("orgs", new { name = "University", slug = "uni" });
        await server.PostJsonAsync("orgs/uni/spaces", new { name = "Course", type = "course" });
        foreach (var name in new[] { "api", "many" })
            await server.PostJsonAsync("orgs/uni/spaces/course/instances", new { mode = "single", name });
        var env = $"export STRATA_SERVER='{server.BaseAddress}' STRATA_TOKEN='{server.Client.DefaultRequestHeaders.Authorization!.Parameter}' XDG_CONFIG_HOME='{context.NewFolder("config")}';";
        string Strata(string args) => $"{env} dotnet '{cli}' {args}";

        await FirstPushAsync(context, server, Strata);
        NoOpAndSmallChanges(context, Strata);
    }

    private static async Task FirstPushAsync(BenchContext context, ServerProcess server, Func<string, string> strata)
    {
        var spec = DistributeScenario.Spec(context.Quick);
        var (source, paths) = context.Data(spec);
        var clones = context.NewFolder("clones");
        Shell.Run(clones, strata("clone uni/course/master first"));
        var clone = Path.Combine(clones, "first");
        Shell.Run(source, $"cp -a . '{clone}/' && sync");
        Shell.FlushCaches();
        var push = Shell.Time(clone, strata("push"));
        Shell.FlushCaches();
        var copy = Shell.Time(source, $"cp -a . '{context.NewFolder("cp")}' && sync");
        Shell.FlushCaches();
        var rsync = Shell.Time(source, $"rsync -a ./ '{context.NewFolder("rsync")}/' && sync");
        Shell.FlushCaches();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, ct) =>
        {
            await using var file = File.OpenRead(Path.Combine(source, path));
            using var content = new StreamContent(file, 1 << 16);
            using var response = await server.Client.PutAsync($"api/v1/orgs/uni/spaces/course/instances/api/states/current/files/{IngestScenario.Escape(path)}", content, ct);
            response.EnsureSuccessStatusCode();
        });
        var perFile = watch.Elapsed.TotalMilliseconds;
        double Rate(double ms) => spec.Bytes / (ms / 1000) / (1 << 20);
        context.Add(new Row("sync", $"first push of {spec.Name}", $"{Rate(push):0} MB/s ({push / 1000:0.0} s)",
            $"cp -a {Rate(copy):0} MB/s; rsync -a {Rate(rsync):0} MB/s; per-file API ×4 {Rate(perFile):0} MB/s", $"{copy / push:0.00}× cp", "≥ 0.5× cp",
            Report.Verdict(copy / push >= 0.5)));
    }

    private static void NoOpAndSmallChanges(BenchContext context, Func<string, string> strata)
    {
        var count = context.Quick ? 10_000 : 100_000;
        var source = context.NewFolder("many-source");
        for (var d = 0; d < count / 1000; d++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(source, $"d{d:D3}")).FullName;
            for (var f = 0; f < 1000; f++)
                File.WriteAllText(Path.Combine(folder, $"f{f:D4}.txt"), $"file {d}/{f}\n" + new string('x', 200 + f % 300));
        }
        var clones = context.NewFolder("many-clones");
        Shell.Run(clones, strata("clone uni/course/many a"));
        var clone = Path.Combine(clones, "a");
        Shell.Run(source, $"cp -a . '{clone}/'");
        var firstPush = Shell.Time(clone, strata("push"));
        Shell.Run(clones, strata("clone uni/course/many b"));
        var other = Path.Combine(clones, "b");
        var mirror = context.NewFolder("many-rsync");
        Shell.Run(clone, $"rsync -a --exclude .strata ./ '{mirror}/'");

        var noop = Median(() => Shell.Time(clone, strata("push")));
        var rsyncNoop = Median(() => Shell.Time(clone, $"rsync -a --exclude .strata ./ '{mirror}/'"));
        context.Add(new Row("sync", $"push with nothing changed, {count:N0} files", $"{noop / 1000:0.00} s", $"rsync -a {rsyncNoop / 1000:0.00} s (first push {firstPush / 1000:0} s)",
            $"{noop / rsyncNoop:0.00}× rsync", "< 2 s and ≤ rsync -a", Report.Verdict(noop < 2000 && noop <= rsyncNoop)));

        var round = 0;
        var changed = Median(() =>
        {
            round++;
            for (var i = 0; i < 10; i++)
                File.AppendAllText(Path.Combine(clone, $"d{i * 7 % (count / 1000):D3}", $"f{i * 97:D4}.txt"), $"change {round}\n");
            return Shell.Time(clone, strata("push"));
        });
        var rsyncChanged = Median(() =>
        {
            for (var i = 0; i < 10; i++)
                File.AppendAllText(Path.Combine(clone, $"d{i * 7 % (count / 1000):D3}", $"f{i * 97:D4}.txt"), "again\n");
            var ms = Shell.Time(clone, $"rsync -a --exclude .strata ./ '{mirror}/'");
            Shell.Run(clone, strata("push"));
            return ms;
        });
        context.Add(new Row("sync", $"push after changing 10 of {count:N0} files", $"{changed / 1000:0.00} s", $"rsync -a {rsyncChanged / 1000:0.00} s",
            $"{changed / rsyncChanged:0.00}× rsync", "< 3 s", Report.Verdict(changed < 3000)));

        Shell.Run(other, strata("pull"));
        var output = "";
        var pull = Median(() =>
        {
            var watch = Stopwatch.StartNew();
            output = Shell.Output(other, strata("pull --json"));
            return watch.Elapsed.TotalMilliseconds;
        });
        var nothing = output.Contains("\"updated\": []", StringComparison.Ordinal);
        context.Add(new Row("sync", $"pull of an unchanged tree, {count:N0} files", $"{pull / 1000:0.00} s, {(nothing ? "0 files" : "files")} fetched",
            "reads the root listing's version only", "", "0 content bytes", Report.Verdict(nothing)));
    }

    private static double Median(Func<double> measure)
    {
        var times = Enumerable.Range(0, 3).Select(_ => measure()).Order().ToList();
        return times[1];
    }
}
