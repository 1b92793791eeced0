using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Strata.Bench.Harness;
using Strata.Core.Hierarchy;
using Strata.Core.Snapshots;
using Strata.Core.States;

namespace Strata.Bench.Scenarios;

/// <summary>
/// Create 500 instances in separate mode (one per student email, each invited) with the content of a
/// 10,000-file / 1 GB snapshot, against `cp -a` per instance. Target: under 30 s, blob bytes added 0.
/// </summary>
public sealed class CreateInstancesScenario : IScenario
{
    public string Name => "create";

    public string Description => "create 500 instances with content (separate mode), vs cp -a per instance";

    public async Task RunAsync(BenchContext context)
    {
        var spec = DistributeScenario.Spec(context.Quick);
        var (source, paths) = context.Data(spec);
        await using var host = await StrataHost.CreateAsync(context.NewFolder("strata"));
        await host.ImportAsync("master", source, paths);
        var snapshot = await host.RunAsync(s => s.GetRequiredService<SnapshotService>().CreateAsync(host.Admin, StrataHost.At("master"), new CreateSnapshot("Week 1"), CancellationToken.None));
        var emails = Enumerable.Range(0, 500).Select(i => $"student{i:D3}@bench.example").ToList();
        var (blobs, metadata) = (host.BlobBytes, host.MetadataBytes);

        var watch = Stopwatch.StartNew();
        var created = await host.RunAsync(s => s.GetRequiredService<InstanceService>().CreateAsync(host.Admin, StrataHost.Org, StrataHost.Space,
            new CreateInstances("separate", Emails: emails, Content: new ContentSource("master", snapshot.Id.ToString())), CancellationToken.None));
        var strata = Stats.Once(watch.Elapsed.TotalMilliseconds / 1000);

        var blobsAdded = host.BlobBytes - blobs;
        var metadataAdded = host.MetadataBytes - metadata;
        if (created.Instances.Count != 500)
            throw new InvalidOperationException($"{created.Instances.Count} instances were created instead of 500.");
        var copies = 10;
        var folder = context.NewFolder("copies");
        var copyWatch = Stopwatch.StartNew();
        for (var i = 0; i < copies; i++)
            Shell.Run(source, $"mkdir -p '{folder}/s{i}' && cp -a . '{folder}/s{i}'");
        Shell.Run(folder, "sync");
        var cp = Stats.Once(copyWatch.Elapsed.TotalMilliseconds / 1000 * 500 / copies);
        Directory.Delete(folder, recursive: true);
        context.Add(new Row(Name, $"500 instances with {spec.Name}", strata.Format("s"), $"cp -a ×500 ≈ {cp.Format("s")} (10 measured, ×50)",
            Report.Ratio(strata, cp), "< 30 s, blobs +0", Report.Verdict(strata.Median < 30 && blobsAdded == 0)));
        context.Add(new Row(Name, "… bytes written", $"blobs +{DataSpec.Size(blobsAdded)}, metadata +{DataSpec.Size(metadataAdded)}", $"{DataSpec.Size(spec.Bytes * 500.0)} copied", "", "", ""));
    }
}
