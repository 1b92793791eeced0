using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Strata.Bench.Harness;
using Strata.Core.Data;
using Strata.Core.Maintenance;
using Strata.Storage.Blobs;
using Strata.Storage.Integrity;
using Strata.Storage.Trees;

namespace Strata.Bench.Scenarios;

/// <summary>
/// The integrity check over a 10,000-file state (1 GB): every folder object and blob read from the store and hashed,
/// with 8 reads in flight against one at a time (the baseline), and `sha256sum` of the same files as this machine's
/// reference for hashing them from disk.
/// </summary>
public sealed class FsckScenario : IScenario
{
    public string Name => "fsck";

    public string Description => "integrity check of a 1 GB state: objects read and hashed per second, vs one read at a time and sha256sum";

    public async Task RunAsync(BenchContext context)
    {
        var spec = context.Quick ? new DataSpec(1_000, 100L << 20) : new DataSpec(10_000, 1L << 30);
        var (source, paths) = context.Data(spec);
        await using var host = await StrataHost.CreateAsync(context.NewFolder("strata"));
        await host.ImportAsync("master", source, paths);
        var roots = await host.RunAsync(s => LiveRoots.ReadAsync(s.GetRequiredService<StrataDb>(), CancellationToken.None));
        var trees = host.Services.GetRequiredService<ITreeStore>();
        var blobs = host.Services.GetRequiredService<IBlobStore>();

        async Task<(double Seconds, long Objects)> CheckAsync(int parallel)
        {
            using var check = new IntegrityCheck(trees, blobs, parallel);
            var watch = Stopwatch.StartNew();
            var report = await check.RunAsync(roots.Select(r => r.Root), null, CancellationToken.None);
            if (!report.Clean)
                throw new InvalidOperationException($"The check found {report.Problems.Count} damaged objects in a healthy store.");
            return (watch.Elapsed.TotalSeconds, report.ObjectsChecked);
        }

        var one = await CheckAsync(1);
        var eight = await CheckAsync(8);
        var sha = Shell.Time(source, "find . -type f -print0 | xargs -0 -P 2 sha256sum > /dev/null") / 1000;
        context.Add(new Row(Name, $"{spec.Name}: {eight.Objects:N0} objects", $"{eight.Seconds:0.0} s, {eight.Objects / eight.Seconds:N0} objects/s, {spec.Bytes / eight.Seconds / (1 << 20):0} MB/s (8 reads at once)",
            $"1 read at a time {one.Seconds:0.0} s; sha256sum of the files {sha:0.0} s", $"{eight.Seconds / sha:0.00}× sha256sum", "", ""));
    }
}
