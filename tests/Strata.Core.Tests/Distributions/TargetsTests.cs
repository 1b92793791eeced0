using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Core.States;

namespace Strata.Core.Tests.Distributions;

/// <summary>Who a distribution reaches: all instances, optionally leaving some out (a teacher's own).</summary>
public sealed class TargetsTests
{
    [Fact]
    public async Task AllInstancesExceptSomeLeavesThoseOutAndStillReachesDistributed()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("sheet.md", "s"));
        var snapshot = (await world.SnapshotAsync("master")).Id.ToString();
        var ann = await world.AddInstanceAsync("ann");
        var mine = await world.AddInstanceAsync("teacher's sandbox");

        var queued = await host.RunAsync(s => s.GetRequiredService<DistributionService>().CreateAsync(host.Admin, DistributionWorld.Org, DistributionWorld.Space,
            new CreateDistribution(new ContentSource("master", snapshot, null), new DistributionTargets(All: true, Except: [mine])), CancellationToken.None));

        Assert.Equal([ann, "distributed"], queued.Targets.Select(t => t.Instance).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RefusalsSpeakOfInstancesNotOfJson()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("sheet.md", "s"));
        var snapshot = (await world.SnapshotAsync("master")).Id.ToString();
        var service = (CreateDistribution request) => host.RunAsync(s => s.GetRequiredService<DistributionService>().CreateAsync(host.Admin, DistributionWorld.Org, DistributionWorld.Space, request, CancellationToken.None));

        var none = await Assert.ThrowsAsync<DomainException>(() => service(new CreateDistribution(new ContentSource("master", snapshot, null), new DistributionTargets())));
        var exceptAlone = await Assert.ThrowsAsync<DomainException>(() => service(new CreateDistribution(new ContentSource("master", snapshot, null), new DistributionTargets(["distributed"], Except: ["distributed"]))));

        Assert.Equal("Choose the instances to distribute to, or all instances.", none.Message);
        Assert.DoesNotContain("{", exceptAlone.Message, StringComparison.Ordinal);
    }
}
