using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Bench.Harness;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.Hierarchy;
using Strata.Core.Snapshots;
using Strata.Core.States;

namespace Strata.Bench.Scenarios;

/// <summary>
/// Distribute a 10,000-file / 1 GB snapshot to 10, 100 and 500 instances (queue to last target done,
/// through the real job runner), against `cp -a` and `rsync -a` per instance; then redistribute with merge
/// to 500 instances that each edited 5 files. Target: 500 instances under 30 s, blob bytes added 0,
/// metadata under 50 MB; with merge every edit kept and every untouched file updated.
/// </summary>
public sealed class DistributeScenario : IScenario
{
    public string Name => "distribute";

    public string Description => "distribute a snapshot to 10/100/500 instances, vs cp -a and rsync -a per instance";

    public static DataSpec Spec(bool quick) => quick ? new DataSpec(1_000, 100L << 20, Seed: 5) : new DataSpec(10_000, 1L << 30, Seed: 5);

    public async Task RunAsync(BenchContext context)
    {
        var spec = Spec(context.Quick);
        var (source, paths) = context.Data(spec);
        await using var host = await StrataHost.CreateAsync(context.NewFolder("strata"));
        await host.ImportAsync("master", source, paths);
        var snapshot = await host.RunAsync(s => s.GetRequiredService<SnapshotService>().CreateAsync(host.Admin, StrataHost.At("master"), new CreateSnapshot("Week 1"), CancellationToken.None));
        var counts = new[] { 10, 100, 500 };
        var slugs = await CreateEmptyAsync(host, counts.Sum());

        var taken = 0;
        foreach (var count in counts)
        {
            var targets = slugs.Skip(taken).Take(count).ToList();
            taken += count;
            var (blobs, metadata) = (host.BlobBytes, host.MetadataBytes);
            var watch = Stopwatch.StartNew();
            var result = await DistributeAsync(host, snapshot.Id.ToString(), targets, "overwrite");
            var strata = Stats.Once(watch.Elapsed.TotalMilliseconds / 1000);
            if (result.Status != DistributionStatus.Succeeded)
                throw new InvalidOperationException($"Distribution ended {result.Status}.");
            var blobsAdded = host.BlobBytes - blobs;
            var metadataAdded = host.MetadataBytes - metadata;
            var (baseline, baselineText) = Baseline(context, source, spec, count);
            var met = count < 500 || (strata.Median < 30 && blobsAdded == 0 && metadataAdded < 50L << 20);
            context.Add(new Row(Name, $"{spec.Name} to {count} instances", strata.Format("s"), baselineText,
                baseline is null ? "" : Report.Ratio(strata, baseline), count == 500 ? "< 30 s" : "", count == 500 ? Report.Verdict(met) : ""));
            context.Add(new Row(Name, $"… bytes written for {count} instances", $"blobs +{DataSpec.Size(blobsAdded)}, metadata +{DataSpec.Size(metadataAdded)}",
                $"{DataSpec.Size(spec.Bytes * (double)count)} copied", "", count == 500 ? "blobs 0, metadata < 50 MB" : "",
                count == 500 ? Report.Verdict(blobsAdded == 0 && metadataAdded < 50L << 20) : ""));
        }

        await MergeRoundAsync(context, host, paths, slugs.Skip(110).Take(500).ToList());
    }

    /// <summary>Each target edits 5 files; the teacher changes 20 others and 5 of the edited ones; merge keeps every edit.</summary>
    private async Task MergeRoundAsync(BenchContext context, StrataHost host, IReadOnlyList<string> paths, List<string> targets)
    {
        var texts = paths.Where(p => !p.EndsWith(".bin", StringComparison.Ordinal)).ToList();
        var studentEdits = texts.Take(5).ToList();
        var teacherEdits = texts.Skip(5).Take(20).Concat(studentEdits).ToList();
        await host.RunAsync(async s =>
        {
            var files = s.GetRequiredService<FileService>();
            foreach (var target in targets)
            {
                foreach (var path in studentEdits)
                    await files.UploadAsync(host.Admin, StrataHost.At(target), "current", path, Text($"{target}'s answer"), null, null, CancellationToken.None);
            }
            foreach (var path in teacherEdits)
                await files.UploadAsync(host.Admin, StrataHost.At("master"), "current", path, Text("corrected by the teacher"), null, null, CancellationToken.None);
            return true;
        });
        var week2 = await host.RunAsync(s => s.GetRequiredService<SnapshotService>().CreateAsync(host.Admin, StrataHost.At("master"), new CreateSnapshot("Week 2"), CancellationToken.None));
        var watch = Stopwatch.StartNew();
        var result = await DistributeAsync(host, week2.Id.ToString(), targets, "merge");
        var elapsed = Stats.Once(watch.Elapsed.TotalMilliseconds / 1000);

        var everyEditKept = true;
        var everyUpdate = true;
        await host.RunAsync(async s =>
        {
            var files = s.GetRequiredService<FileService>();
            foreach (var target in targets)
            {
                foreach (var path in studentEdits)
                    everyEditKept &= await ReadAsync(files, host, target, path) == $"{target}'s answer";
                foreach (var path in teacherEdits.Except(studentEdits))
                    everyUpdate &= await ReadAsync(files, host, target, path) == "corrected by the teacher";
            }
            return true;
        });
        var conflicts = result.Targets.Sum(t => t.Conflicts.Count);
        var ok = result.Status == DistributionStatus.Succeeded && everyEditKept && everyUpdate && conflicts == 5 * targets.Count;
        context.Add(new Row(Name, $"merge to {targets.Count} instances, 5 edits each",
            $"{elapsed.Format("s")}; edits kept: {(everyEditKept ? "all" : "NOT all")}; untouched updated: {(everyUpdate ? "all" : "NOT all")}; conflicts {conflicts}",
            "", "", "every edit kept, every untouched file updated", Report.Verdict(ok)));
    }

    private static async Task<string> ReadAsync(FileService files, StrataHost host, string instance, string path)
    {
        var file = (await files.ReadAsync(host.Admin, StrataHost.At(instance), "current", path, CancellationToken.None)).File!;
        await using var stream = await files.OpenAsync(file, CancellationToken.None);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private static MemoryStream Text(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    private static (Stats? Stats, string Text) Baseline(BenchContext context, string source, DataSpec spec, int count)
    {
        // Copies need the bytes: measured while they fit on the disk with room to spare, else left out;
        // a quick run copies for 10 instances only.
        if (context.Quick && count > 10)
            return (null, "not run with --quick");
        var free = new DriveInfo(context.WorkFolder).AvailableFreeSpace;
        if (spec.Bytes * count > free / 2)
            return (null, $"not run: {DataSpec.Size(spec.Bytes * (double)count)} of copies would not fit");
        var cp = Stats.Once(CopyAll(context, source, count, "cp -a . '{0}'") / 1000);
        var text = $"cp -a {cp.Format("s")}";
        if (Shell.Has("rsync"))
            text += $", rsync -a {Stats.Once(CopyAll(context, source, count, "rsync -a ./ '{0}/'") / 1000).Format("s")}";
        return (cp, text);
    }

    private static double CopyAll(BenchContext context, string source, int count, string command)
    {
        var folder = context.NewFolder("copies");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var target = Path.Combine(folder, $"student{i}");
            Directory.CreateDirectory(target);
            Shell.Run(source, string.Format(System.Globalization.CultureInfo.InvariantCulture, command, target));
        }
        Shell.Run(folder, "sync");
        var elapsed = watch.Elapsed.TotalMilliseconds;
        Directory.Delete(folder, recursive: true);
        return elapsed;
    }

    internal static async Task<IReadOnlyList<string>> CreateEmptyAsync(StrataHost host, int count)
    {
        var emails = Enumerable.Range(0, count).Select(i => $"student{i:D4}@bench.example").ToList();
        var created = await host.RunAsync(s => s.GetRequiredService<InstanceService>().CreateAsync(host.Admin, StrataHost.Org, StrataHost.Space,
            new CreateInstances("separate", Emails: emails), CancellationToken.None));
        return [.. created.Instances.Select(i => i.Slug)];
    }

    internal static async Task<DistributionView> DistributeAsync(StrataHost host, string state, IReadOnlyList<string> targets, string strategy)
    {
        var queued = await host.RunAsync(s => s.GetRequiredService<DistributionService>().CreateAsync(host.Admin, StrataHost.Org, StrataHost.Space,
            new CreateDistribution(new ContentSource("master", state), new DistributionTargets(targets), strategy), CancellationToken.None));
        while (await host.RunAsync(s => s.GetRequiredService<DistributionRunner>().RunNextAsync("bench", int.MaxValue, CancellationToken.None)))
        {
        }
        return await host.RunAsync(s => s.GetRequiredService<DistributionService>().GetAsync(host.Admin, StrataHost.Org, StrataHost.Space, queued.Id, CancellationToken.None));
    }
}
