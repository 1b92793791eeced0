using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;
using Strata.Core.Maintenance;
using Strata.Core.Tests.Distributions;

namespace Strata.Core.Tests.Maintenance;

/// <summary>
/// Every root that holds content alive is found, with whose it is: current states, delivery bases, every snapshot,
/// every distribution's pinned source and its targets' roots before and after (the integrity check reads them; the
/// collector will mark from them).
/// </summary>
public sealed class LiveRootsTests
{
    [Fact]
    public async Task CurrentStatesDeliveryBasesSnapshotsAndDistributionRootsAreLive()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("sheet.md", "v1"));
        var handout = await world.SnapshotAsync("master");
        var ann = await world.AddInstanceAsync("Ann");
        await world.DistributeAsync("master", handout.Id.ToString(), [ann]);
        await world.WriteAsync("master", ("sheet.md", "v2"));
        var next = await world.SnapshotAsync("master");
        await world.QueueAsync("master", next.Id.ToString(), [ann]); // queued, not run: its source is pinned

        var roots = await host.RunAsync(s => LiveRoots.ReadAsync(s.GetRequiredService<StrataDb>(), CancellationToken.None));

        var named = roots.Select(r => (r.Instance, r.State)).ToHashSet();
        Assert.Contains(("master", LiveRoots.Current), named);
        Assert.Contains((ann, LiveRoots.Current), named);
        Assert.Contains((ann, LiveRoots.Delivered), named);
        Assert.Contains(("master", handout.Id.ToString()), named);
        Assert.Contains(("master", next.Id.ToString()), named);
        // Ann's auto snapshot before the delivery, and the queued job's pinned source.
        Assert.Contains(roots, r => r.Instance == ann && r.State is not (LiveRoots.Current or LiveRoots.Delivered));
        Assert.Contains(roots, r => r.InstanceId is null && r.Instance == "master" && r.State == next.Id.ToString());
        Assert.Contains(roots, r => r.InstanceId is null && r.Instance == "master" && r.State == handout.Id.ToString()); // a finished job's source: recall and provenance read it
        Assert.Contains(roots, r => r.Instance == ann && r.State.EndsWith("(before)", StringComparison.Ordinal));
        Assert.Contains(roots, r => r.Instance == ann && r.State.EndsWith("(after)", StringComparison.Ordinal));
        Assert.All(roots, r => Assert.NotEqual(Guid.Empty, r.SpaceId));
    }
}
