using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Distributions;
using Strata.Core.States;
using Strata.Core.Tests.Distributions;
using Strata.Storage.States;

namespace Strata.Core.Tests.Faults;

/// <summary>
/// A distribution target "crashes" at every step of its state change: the target's files, its auto
/// snapshot and its outcome row are all there or none is, and a later run never applies it twice.
/// </summary>
public sealed class DistributionCrashTests
{
    [Theory]
    [MemberData(nameof(Crash.Points), MemberType = typeof(Crash))]
    public async Task ATargetIsWholeOrAbsent(string point)
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("sheet.md", "week 2"));
        var week2 = (await world.SnapshotAsync("master", "Week 2")).Id.ToString();
        var ann = await world.AddInstanceAsync("ann");
        await world.WriteAsync(ann, ("mine.txt", "m"));
        var crash = Crash.At(host, point);

        var queued = await world.QueueAsync("master", week2, [ann], "merge");
        await world.RunAsync();
        crash.Dispose();
        var result = Assert.Single((await world.GetAsync(queued.Id)).Targets);

        if (point == FaultPoints.Committed)
        {
            Assert.Equal(TargetStatus.Succeeded, result.Status);
            Assert.Equal(["mine.txt=m", "sheet.md=week 2"], await world.FilesAsync(ann));
            Assert.Equal(1, await world.AutoSnapshotCountAsync(ann));
        }
        else
        {
            Assert.Equal(TargetStatus.Failed, result.Status);
            Assert.Equal(["mine.txt=m"], await world.FilesAsync(ann));
            Assert.Equal(0, await world.AutoSnapshotCountAsync(ann));
        }
    }
}
