using System.Diagnostics;
using Strata.Bench.Harness;

namespace Strata.Bench.Scenarios;

/// <summary>
/// 64 connections listing folders and downloading small files with a bearer token for 30 s, driven by wrk (Debian) against a
/// real server process, and the same wrk mix against nginx (Debian) serving the same files from a folder: the reference
/// for what this machine can serve. Then the earlier in-process client for comparison with older runs, and on PostgreSQL
/// again from three nodes of one installation (the clients spread over them).
/// Targets: p99 under 50 ms, zero errors, at least a quarter of nginx's requests/s; the server's peak working set under 300 MB.
/// </summary>
public sealed class ServeScenario : IScenario
{
    private const int Connections = 64;
    private const int Threads = 2;

    public string Name => "serve";

    public string Description => "64 clients listing folders and downloading small files over HTTP (wrk; nginx as the reference)";

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
        var postgres = BenchDatabase.Provider == Strata.Core.Data.DatabaseProvider.Postgres;
        var nodes = postgres ? ", 1 node" : "";

        if (Wrk.Installed)
        {
            var scripts = context.NewFolder("wrk");
            var strataScript = Path.Combine(scripts, "strata.lua");
            Wrk.WriteScript(strataScript, server.Client.DefaultRequestHeaders.Authorization!.Parameter,
                folders.Select(f => $"/{state}/files/{IngestScenario.Escape(f)}"), files.Select(f => $"/{state}/files/{IngestScenario.Escape(f)}"));
            var strata = await MeasureAsync("Strata", server.BaseAddress, strataScript, server.Pid, () => CpuTime.Seconds(server.Pid), duration, server.ResetPeak);
            var peak = server.PeakRssBytes;

            Measured? nginx = null;
            if (NginxProcess.Binary is not null)
            {
                // The same files from the data folder the bench uploaded; a listing is nginx's autoindex of the same folder.
                var nginxScript = Path.Combine(scripts, "nginx.lua");
                Wrk.WriteScript(nginxScript, server.Client.DefaultRequestHeaders.Authorization!.Parameter,
                    folders.Select(f => $"/{IngestScenario.Escape(f)}/"), files.Select(f => $"/{IngestScenario.Escape(f)}"));
                await using var reference = await NginxProcess.StartAsync(source, context.NewFolder("nginx"));
                nginx = await MeasureAsync("nginx", reference.BaseAddress, nginxScript, reference.Pid, () => reference.CpuSeconds, duration, null);
            }
            else
            {
                Console.WriteLine("  nginx is not installed (apt-get install nginx): no reference for this machine's limit");
            }

            var load = $"wrk, {Connections} connections, {Threads} threads, {duration.TotalSeconds:0} s{nodes}: half listings, half small downloads";
            context.Add(new Row(Name, load, strata.Summary, nginx is null ? "" : $"nginx {nginx.Summary}", "",
                "p99 < 50 ms, 0 errors", Report.Verdict(strata.P99 < 50 && strata.Errors == 0)));
            if (nginx is not null)
            {
                var ratio = strata.Rate / nginx.Rate;
                context.Add(new Row(Name, "throughput, Strata/nginx on the same files", $"{strata.Rate:0} req/s", $"nginx {nginx.Rate:0} req/s",
                    $"{Stats.Number(ratio)}×", "≥ 0.25× nginx", Report.Verdict(ratio >= 0.25)));
            }
            context.Add(new Row(Name, "CPU during the load: server; wrk; whole machine busy (of 2 cores)", strata.Cpu,
                nginx is null ? "" : $"nginx {nginx.Cpu}", "", "", ""));
            context.Add(new Row("memory", "server peak working set under the wrk load above", DataSpec.Size(peak), "", "", "< 300 MB", Report.Verdict(peak < 300L << 20)));
        }
        else
        {
            Console.WriteLine("  wrk is not installed (apt-get install wrk nginx): the in-process client only");
        }

        // The earlier load generator (an HttpClient in the bench's process), kept to compare with older runs.
        var one = await LoadAsync([server], state, folders, files, duration);
        context.Add(new Row(Name, $"in-process HttpClient, 64 clients, {duration.TotalSeconds:0} s{nodes} (the earlier load generator)", one.Summary,
            "", "", "p99 < 50 ms, 0 errors", Wrk.Installed ? "(comparison)" : Report.Verdict(one.P99 < 50 && one.Errors == 0)));
        if (!Wrk.Installed)
            context.Add(new Row("memory", "server peak working set under the load above", DataSpec.Size(one.PeakRss), "", "", "< 300 MB", Report.Verdict(one.PeakRss < 300L << 20)));

        // Several nodes share one database and one content store; only PostgreSQL can be shared.
        if (!postgres)
            return;
        await using var second = await ServerProcess.StartAsync(context.Repository, context.NewFolder("node2"), join: server);
        await using var third = await ServerProcess.StartAsync(context.Repository, context.NewFolder("node3"), join: server);
        var three = await LoadAsync([server, second, third], state, folders, files, duration);
        context.Add(new Row(Name, $"64 clients, {duration.TotalSeconds:0} s, 3 nodes (in-process client, clients spread evenly)", three.Summary,
            "", "", "p99 < 50 ms, 0 errors", Report.Verdict(three.P99 < 50 && three.Errors == 0)));
        context.Add(new Row("memory", "peak working set of the largest of 3 nodes", DataSpec.Size(three.PeakRss), "", "", "< 300 MB", Report.Verdict(three.PeakRss < 300L << 20)));
    }

    private sealed record Measured(WrkResult Wrk, double ServerCores, double WrkCores, double MachineCores)
    {
        public double Rate => Wrk.Rate;

        public double P50 => Wrk.P50;

        public double P99 => Wrk.P99;

        public long Errors => Wrk.Errors;

        public string Summary => Wrk.Summary;

        public string Cpu => $"{Stats.Number(ServerCores)}; {Stats.Number(WrkCores)}; {Stats.Number(MachineCores)} cores " +
                             $"({Stats.Number(ServerCores / Wrk.Rate * 1e6)} µs server CPU a request)";
    }

    /// <summary>
    /// A 3 s warm-up (JIT, caches, connections; not reported), then the measured wrk run, with the server's CPU time (all its
    /// processes), wrk's and the whole machine's over it. The raw wrk report is printed.
    /// </summary>
    private static async Task<Measured> MeasureAsync(string who, Uri target, string script, int pid, Func<double> serverCpu, TimeSpan duration, Action? reset)
    {
        Console.WriteLine($"  {who}: wrk warm-up 3 s");
        await Wrk.RunAsync(target, script, Connections, Threads, TimeSpan.FromSeconds(3));
        reset?.Invoke();
        var machine = CpuTime.Machine();
        var cpu = serverCpu();
        var watch = Stopwatch.StartNew();
        var result = await Wrk.RunAsync(target, script, Connections, Threads, duration);
        var seconds = watch.Elapsed.TotalSeconds;
        var server = (serverCpu() - cpu) / seconds;
        var (busy, total) = CpuTime.Machine();
        var cores = total - machine.Total <= 0 ? 0 : (busy - machine.Busy) / (total - machine.Total) * Environment.ProcessorCount;
        Console.WriteLine($"  {who} (pid {pid}): wrk -t {Threads} -c {Connections} -d {duration.TotalSeconds:0}s --latency -s {Path.GetFileName(script)}");
        foreach (var line in result.Output.TrimEnd().Split('\n'))
            Console.WriteLine($"    {line}");
        return new Measured(result, server, result.CpuSeconds / seconds, cores);
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
