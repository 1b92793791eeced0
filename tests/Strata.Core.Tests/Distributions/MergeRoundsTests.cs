namespace Strata.Core.Tests.Distributions;

/// <summary>Redistribution with merge never destroys a student's edits, across rounds with edits on both sides.</summary>
public sealed class MergeRoundsTests
{
    [Fact]
    public async Task TwoRoundsUpdateUntouchedFilesKeepEditsAndReportOnlyRealConflicts()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("readme.md", "v1"), ("lab/a.py", "a1"), ("lab/b.py", "b1"));
        var week1 = (await world.SnapshotAsync("master", "Week 1")).Id.ToString();
        var ann = await world.AddInstanceAsync("Ann", new("master", week1));
        Assert.Equal(["lab/a.py=a1", "lab/b.py=b1", "readme.md=v1"], await world.FilesAsync(ann));

        // Round 1: Ann edits a.py; the teacher changes readme and a.py and adds c.py.
        await world.PutAsync(ann, "lab/a.py", "ann's a");
        await world.WriteAsync("master", ("readme.md", "v2"), ("lab/a.py", "a2"), ("lab/c.py", "c1"));
        var week2 = (await world.SnapshotAsync("master", "Week 2")).Id.ToString();
        var round1 = await world.DistributeAsync("master", week2, [ann], "merge");

        Assert.Equal(["lab/a (incoming).py=a2", "lab/a.py=ann's a", "lab/b.py=b1", "lab/c.py=c1", "readme.md=v2"], await world.FilesAsync(ann));
        var first = Assert.Single(round1.Targets);
        Assert.Equal(["lab/a.py"], first.Conflicts);
        Assert.Equal((1L, 1L), (first.Added, first.Updated));

        // Round 2: Ann edits the readme she received; the teacher changes readme and b.py, leaves a.py alone.
        await world.PutAsync(ann, "readme.md", "ann's readme");
        await world.WriteAsync("master", ("readme.md", "v3"), ("lab/b.py", "b2"));
        var week3 = (await world.SnapshotAsync("master", "Week 3")).Id.ToString();
        var round2 = await world.DistributeAsync("master", week3, [ann], "merge");

        Assert.Equal(["lab/a (incoming).py=a2", "lab/a.py=ann's a", "lab/b.py=b2", "lab/c.py=c1", "readme (incoming).md=v3", "readme.md=ann's readme"],
            await world.FilesAsync(ann));
        var second = Assert.Single(round2.Targets);
        Assert.Equal(["readme.md"], second.Conflicts);
        Assert.Equal(1L, second.Updated);
        Assert.Equal(1L, second.Kept);
    }

    [Fact]
    public async Task ADeliveredFileTheTargetDeletedStaysDeletedWhileTheSourceHasNotChangedIt()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("hints.md", "h1"), ("task.md", "t1"));
        var week1 = (await world.SnapshotAsync("master")).Id.ToString();
        var bob = await world.AddInstanceAsync("Bob", new("master", week1));
        await world.DeleteAsync(bob, "hints.md");
        await world.PutAsync("master", "task.md", "t2");
        var week2 = (await world.SnapshotAsync("master")).Id.ToString();

        await world.DistributeAsync("master", week2, [bob], "merge");

        Assert.Equal(["task.md=t2"], await world.FilesAsync(bob));
    }
}
