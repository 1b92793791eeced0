using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Strata.Bench.Harness;
using Strata.Core.Snapshots;

namespace Strata.Bench.Scenarios;

/// <summary>
/// Snapshot of an instance after changing 10 files, at 1k, 10k and 100k files, against
/// `git add -A && git commit` and `cp -a` of the same folder. Target: flat in the file count
/// (100k within 2× of 1k) and under 50 ms median.
/// </summary>
public sealed class SnapshotScenario : IScenario
{
    public string Name => "snapshot";

    public string Description => "snapshot after changing 10 files, vs git commit and cp -a";

    public static DataSpec SpecFor(int files) => new(files, files * 2048L, Seed: files);

    public async Task RunAsync(BenchContext context)
    {
        var medians = new Dictionary<int, double>();
        foreach (var files in context.Quick ? new[] { 1_000, 10_000 } : [1_000, 10_000, 100_000])
        {
            var spec = SpecFor(files);
            var (source, paths) = context.Data(spec);
            var folder = context.NewFolder($"snap{files}");
            Shell.Run(source, $"cp -a . '{folder}'");
            Shell.Run(folder, "git init -q && git add -A && git -c user.email=b@b -c user.name=b commit -qm initial");
            await using var host = await StrataHost.CreateAsync(context.NewFolder("strata"));
            await host.ImportAsync("master", folder, paths);

            var strata = new List<double>();
            var git = new List<double>();
            var copy = new List<double>();
            for (var run = 0; run < context.Runs; run++)
            {
                var changed = DataSet.Modify(folder, paths, 10, seed: 1000 + run);
                await host.UploadAsync("master", folder, changed);
                var watch = Stopwatch.StartNew();
                await host.RunAsync(s => s.GetRequiredService<SnapshotService>().CreateAsync(host.Admin, StrataHost.At("master"), new CreateSnapshot($"Run {run}"), CancellationToken.None));
                strata.Add(watch.Elapsed.TotalMilliseconds);
                git.Add(Shell.Time(folder, $"git add -A && git -c user.email=b@b -c user.name=b commit -qm run{run}"));
                var target = Path.Combine(context.WorkFolder, $"copy{files}-{run}");
                copy.Add(Shell.Time(folder, $"cp -a . '{target}'"));
                Directory.Delete(target, recursive: true);
            }
            var s = Stats.Of(strata);
            medians[files] = s.Median;
            var g = Stats.Of(git);
            var c = Stats.Of(copy);
            context.Add(new Row(Name, $"{files:N0} files, vs git commit", s.Format("ms"), g.Format("ms"), Report.Ratio(s, g), "< 50 ms", Report.Verdict(s.Median < 50)));
            context.Add(new Row(Name, $"{files:N0} files, vs cp -a", s.Format("ms"), c.Format("ms"), Report.Ratio(s, c), "< 50 ms", Report.Verdict(s.Median < 50)));
            Directory.Delete(folder, recursive: true);
        }
        var largest = medians.Keys.Max();
        var flat = medians[largest] / medians[1_000];
        context.Add(new Row(Name, $"flatness: {largest:N0} vs 1,000 files", $"{Stats.Number(flat)}× the 1k time", "", "", "≤ 2×", Report.Verdict(flat <= 2)));
    }
}
