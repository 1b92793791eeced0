using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Strata.Bench.Harness;
using Strata.Core.Snapshots;
using Strata.Core.States;

namespace Strata.Bench.Scenarios;

/// <summary>
/// Compare two 100k-file states that differ in 10 files (the file list of the diff API, through the
/// file service with its access checks), against `git diff --name-status` of two commits. Target: under 20 ms.
/// </summary>
public sealed class DiffScenario : IScenario
{
    public string Name => "diff";

    public string Description => "diff of two large states with 10 differences, vs git diff --name-status";

    public async Task RunAsync(BenchContext context)
    {
        var files = context.Quick ? 10_000 : 100_000;
        var (source, paths) = context.Data(SnapshotScenario.SpecFor(files));
        var folder = context.NewFolder($"diff{files}");
        Shell.Run(source, $"cp -a . '{folder}'");
        Shell.Run(folder, "git init -q && git add -A && git -c user.email=b@b -c user.name=b commit -qm before");
        await using var host = await StrataHost.CreateAsync(context.NewFolder("strata"));
        await host.ImportAsync("master", folder, paths);
        var before = await host.RunAsync(s => s.GetRequiredService<SnapshotService>().CreateAsync(host.Admin, StrataHost.At("master"), new CreateSnapshot("before"), CancellationToken.None));
        var changed = DataSet.Modify(folder, paths, 10, seed: 7);
        await host.UploadAsync("master", folder, changed);
        Shell.Run(folder, "git add -A && git -c user.email=b@b -c user.name=b commit -qm after");

        var strata = new List<double>();
        var git = new List<double>();
        for (var run = 0; run < context.Runs * 2; run++)
        {
            var watch = Stopwatch.StartNew();
            var diff = await host.RunAsync(s => s.GetRequiredService<FileService>().DiffAsync(host.Admin, StrataHost.At("master"), "current", before.Id.ToString(), CancellationToken.None));
            strata.Add(watch.Elapsed.TotalMilliseconds);
            if (diff.Count != 10)
                throw new InvalidOperationException($"The diff found {diff.Count} changes instead of 10.");
            git.Add(Shell.Time(folder, "git diff --name-status HEAD~1 HEAD > /dev/null"));
        }
        var s = Stats.Of(strata);
        var g = Stats.Of(git);
        context.Add(new Row(Name, $"{files:N0} files, 10 changed", s.Format("ms"), g.Format("ms"), Report.Ratio(s, g), "< 20 ms", Report.Verdict(s.Median < 20)));
        Directory.Delete(folder, recursive: true);
    }
}
