using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.States;

namespace Strata.Core.Tests.Distributions;

/// <summary>
/// SPEC §6's recall: every path the distribution changed in a target returns to exactly what the
/// target had before it, unless the target changed it since; nothing else moves.
/// </summary>
public sealed class RecallTests
{
    private static Task<DistributionView> RecallAsync(CoreHost host, DistributionWorld world, Guid id) => host.RunAsync(async s =>
    {
        var queued = await s.GetRequiredService<DistributionService>().RecallAsync(host.Admin, "uni", "physics", id, CancellationToken.None);
        await world.RunAsync();
        return await world.GetAsync(queued.Id);
    });

    [Fact]
    public async Task RecallOfWeekTwoLeavesTheWeekOneContentAnInstanceStartedWith()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("sheet1.md", "one"), ("data.csv", "d"));
        var week1 = (await world.SnapshotAsync("master", "Week 1")).Id.ToString();
        var ann = await world.AddInstanceAsync("ann", new ContentSource("master", week1, null));
        await world.WriteAsync("master", ("sheet1.md", "one, corrected"), ("sheet2.md", "two"));
        var week2 = (await world.SnapshotAsync("master", "Week 2")).Id.ToString();
        var delivered = await world.DistributeAsync("master", week2, [ann]);

        var recall = await RecallAsync(host, world, delivered.Id);

        // data.csv arrived unchanged with Week 2: untouched; sheet1.md goes back to Week 1's version; sheet2.md goes.
        Assert.Equal(["data.csv=d", "sheet1.md=one"], await world.FilesAsync(ann));
        var target = Assert.Single(recall.Targets);
        Assert.Equal((TargetStatus.Succeeded, 1L, 1L, 0L), (target.Status, target.Updated, target.Deleted, target.Kept));
    }

    [Fact]
    public async Task RecallKeepsAndReportsWhatTheTargetChangedSinceAndLeavesItsOwnFilesAlone()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("lab/a.py", "a2"), ("lab/b.py", "b2"), ("lab/c.py", "c2"));
        var week2 = (await world.SnapshotAsync("master", "Week 2")).Id.ToString();
        var ann = await world.AddInstanceAsync("ann");
        await world.WriteAsync(ann, ("lab/a.py", "a1"), ("lab/b.py", "b1"), ("notes.txt", "mine"));
        var delivered = await world.DistributeAsync("master", week2, [ann]);
        await world.PutAsync(ann, "lab/a.py", "a2 and my answer");
        await world.DeleteAsync(ann, "lab/c.py");
        await world.PutAsync(ann, "lab/d.py", "my own new file");

        var recall = await RecallAsync(host, world, delivered.Id);

        Assert.Equal(["lab/a.py=a2 and my answer", "lab/b.py=b1", "lab/d.py=my own new file", "notes.txt=mine"], await world.FilesAsync(ann));
        var target = Assert.Single(recall.Targets);
        Assert.Equal(["lab/a.py", "lab/c.py"], target.Conflicts);
        Assert.Equal((1L, 0L, 2L), (target.Updated, target.Deleted, target.Kept));
    }

    [Fact]
    public async Task RecallOfAMergeRemovesTheUntouchedIncomingCopyAndBringsBackWhatAMirrorDeleted()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("lab/a.py", "teacher"));
        var snapshot = (await world.SnapshotAsync("master", "Lab")).Id.ToString();
        var merged = await world.AddInstanceAsync("merged");
        var mirrored = await world.AddInstanceAsync("mirrored");
        await world.WriteAsync(merged, ("lab/a.py", "student"));
        await world.WriteAsync(mirrored, ("lab/a.py", "student"), ("lab/old.py", "old"));
        var merge = await world.DistributeAsync("master", snapshot, [merged], "merge");
        var mirror = await world.DistributeAsync("master", snapshot, [mirrored], "mirror", ["lab"]);
        Assert.Equal(["lab/a (incoming).py=teacher", "lab/a.py=student"], await world.FilesAsync(merged));
        Assert.Equal(["lab/a.py=teacher"], await world.FilesAsync(mirrored));

        await RecallAsync(host, world, merge.Id);
        await RecallAsync(host, world, mirror.Id);

        Assert.Equal(["lab/a.py=student"], await world.FilesAsync(merged));
        Assert.Equal(["lab/a.py=student", "lab/old.py=old"], await world.FilesAsync(mirrored));
    }

    [Fact]
    public async Task MergeKeepsAStudentsDeletionAndReportsTheTeachersChangeAsAConflict()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("lab/a.py", "a1"), ("lab/b.py", "b1"), ("sheet.md", "s1"));
        var v1 = (await world.SnapshotAsync("master", "v1")).Id.ToString();
        var ann = await world.AddInstanceAsync("ann");
        await world.DistributeAsync("master", v1, [ann], "merge");
        await world.DeleteAsync(ann, "sheet.md");
        await world.DeleteAsync(ann, "lab");
        await world.WriteAsync("master", ("lab/a.py", "a2"), ("sheet.md", "s2"));
        var v2 = (await world.SnapshotAsync("master", "v2")).Id.ToString();

        var result = await world.DistributeAsync("master", v2, [ann], "merge");

        // The deletions stand; only what the teacher changed arrives, beside, as conflicts. lab/b.py did not change.
        Assert.Equal(["lab/a (incoming).py=a2", "sheet (incoming).md=s2"], await world.FilesAsync(ann));
        var target = Assert.Single(result.Targets);
        Assert.Equal(["lab/a.py", "sheet.md"], target.Conflicts);
    }

    [Fact]
    public async Task ADistributionRecordedBeforeRootsWereKeptIsRecalledFromItsAutomaticSnapshotOrRefusedClearly()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("sheet1.md", "one"));
        var week1 = (await world.SnapshotAsync("master", "Week 1")).Id.ToString();
        var ann = await world.AddInstanceAsync("ann", new ContentSource("master", week1, null));
        var bob = await world.AddInstanceAsync("bob", new ContentSource("master", week1, null));
        await world.WriteAsync("master", ("sheet1.md", "one, corrected"), ("sheet2.md", "two"));
        var week2 = (await world.SnapshotAsync("master", "Week 2")).Id.ToString();
        var delivered = await world.DistributeAsync("master", week2, [ann, bob]);
        await host.RunAsync(async s =>
        {
            var db = s.GetRequiredService<StrataDb>();
            await db.DistributionTargets.Where(t => t.DistributionId == delivered.Id).ExecuteUpdateAsync(u => u
                .SetProperty(t => t.RootBefore, (string?)null).SetProperty(t => t.RootAfter, (string?)null).SetProperty(t => t.BaseBefore, (string?)null));
            var bobsSafety = await db.DistributionTargets.Where(t => t.DistributionId == delivered.Id && t.InstanceSlug == bob).Select(t => t.SafetySnapshotId).SingleAsync();
            await db.Snapshots.Where(x => x.Id == bobsSafety).ExecuteDeleteAsync();
        });

        var recall = await RecallAsync(host, world, delivered.Id);

        Assert.Equal(["sheet1.md=one"], await world.FilesAsync(ann));
        Assert.Equal(["sheet1.md=one, corrected", "sheet2.md=two"], await world.FilesAsync(bob));
        Assert.Equal(DistributionStatus.Partial, recall.Status);
        Assert.Contains("cannot be recalled safely", recall.Targets.Single(t => t.Instance == bob).Error, StringComparison.Ordinal);
    }
}
