using Strata.Core.Distributions;

namespace Strata.Core.Tests.Distributions;

/// <summary>SPEC §6's four strategies on targets prepared to tell them apart.</summary>
public sealed class StrategyTests
{
    /// <summary>Source: readme v1, lab/a.py a1, lab/b.py b1.</summary>
    private static async Task<(DistributionWorld World, string Snapshot)> PrepareAsync(CoreHost host, params string[] targets)
    {
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("readme.md", "v1"), ("lab/a.py", "a1"), ("lab/b.py", "b1"));
        var snapshot = (await world.SnapshotAsync("master", "Week 1")).Id.ToString();
        foreach (var target in targets)
        {
            await world.AddInstanceAsync(target);
            // The target's own readme, an identical a.py, a file of its own in lab/, and one outside.
            await world.WriteAsync(target, ("readme.md", "target readme"), ("lab/a.py", "a1"), ("lab/own.py", "own"), ("extra.txt", "extra"));
        }
        return (world, snapshot);
    }

    [Fact]
    public async Task OverwriteReplacesTheSamePathsAndKeepsTheRest()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot) = await PrepareAsync(host, "t");

        var result = await world.DistributeAsync("master", snapshot, ["t"], "overwrite");

        Assert.Equal(["extra.txt=extra", "lab/a.py=a1", "lab/b.py=b1", "lab/own.py=own", "readme.md=v1"], await world.FilesAsync("t"));
        var target = Assert.Single(result.Targets);
        Assert.Equal((TargetStatus.Succeeded, 1L, 1L, 0L, 0L), (target.Status, target.Added, target.Updated, target.Deleted, target.Kept));
        Assert.Equal(DistributionStatus.Succeeded, result.Status);
        Assert.Equal((1, 1), (result.Progress.Done, result.Progress.Total));
    }

    [Fact]
    public async Task ExtraOnlyAddsWhatTheTargetLacks()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot) = await PrepareAsync(host, "t");

        var result = await world.DistributeAsync("master", snapshot, ["t"], "extra");

        Assert.Equal(["extra.txt=extra", "lab/a.py=a1", "lab/b.py=b1", "lab/own.py=own", "readme.md=target readme"], await world.FilesAsync("t"));
        var target = Assert.Single(result.Targets);
        Assert.Equal((1L, 0L, 1L), (target.Added, target.Updated, target.Kept));
    }

    [Fact]
    public async Task MirrorMakesEachSelectedPathExactlyTheSource()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot) = await PrepareAsync(host, "everything", "labonly");

        await world.DistributeAsync("master", snapshot, ["everything"], "mirror");
        var labOnly = await world.DistributeAsync("master", snapshot, ["labonly"], "mirror", ["lab"]);

        Assert.Equal(["lab/a.py=a1", "lab/b.py=b1", "readme.md=v1"], await world.FilesAsync("everything"));
        Assert.Equal(["extra.txt=extra", "lab/a.py=a1", "lab/b.py=b1", "readme.md=target readme"], await world.FilesAsync("labonly"));
        var target = Assert.Single(labOnly.Targets);
        Assert.Equal((1L, 1L), (target.Added, target.Deleted));
    }

    [Fact]
    public async Task MergeKeepsTheTargetsOwnFileAndPlacesTheIncomingOneBeside()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot) = await PrepareAsync(host, "t");

        var result = await world.DistributeAsync("master", snapshot, ["t"], "merge");

        Assert.Equal(["extra.txt=extra", "lab/a.py=a1", "lab/b.py=b1", "lab/own.py=own", "readme (incoming).md=v1", "readme.md=target readme"],
            await world.FilesAsync("t"));
        var target = Assert.Single(result.Targets);
        Assert.Equal(["readme.md"], target.Conflicts);
        Assert.Equal(1L, target.Added);
    }

    [Fact]
    public async Task SelectedPathsLimitWhatArrives()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot) = await PrepareAsync(host, "t");

        await world.DistributeAsync("master", snapshot, ["t"], "overwrite", ["lab/b.py"]);

        Assert.Equal(["extra.txt=extra", "lab/a.py=a1", "lab/b.py=b1", "lab/own.py=own", "readme.md=target readme"], await world.FilesAsync("t"));
    }
}
