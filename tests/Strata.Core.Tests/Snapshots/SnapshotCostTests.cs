using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Snapshots;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Tests.Snapshots;

/// <summary>SPEC §6's cost model for snapshots: a pointer to an immutable root, whatever the number of files.</summary>
public sealed class SnapshotCostTests
{
    private static readonly InstanceAddress Master = new("uni", "physics", "master");

    [Fact]
    public async Task SnapshottingAHundredThousandFilesWritesNoContentAndAsFewRowsAsTenFiles()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();
        await host.CreateSpaceAsync(space: "small");

        var large = await MeasureSnapshotAsync(host, Master, folders: 100, filesPerFolder: 1000);
        var small = await MeasureSnapshotAsync(host, new("uni", "small", "master"), folders: 1, filesPerFolder: 10);

        Assert.Equal(100_000, large.Snapshot.FileCount);
        Assert.Equal(10, small.Snapshot.FileCount);
        Assert.Equal((0L, 0L), large.BlobsWritten);
        Assert.Equal((0L, 0L), large.TreesWritten);
        Assert.Equal(new Dictionary<string, long> { ["snapshots"] = 1, ["audit_entries"] = 1 }, large.RowsAdded);
        Assert.Equal(small.RowsAdded, large.RowsAdded);
    }

    private sealed record Measure(SnapshotView Snapshot, IReadOnlyDictionary<string, long> RowsAdded, (long, long) BlobsWritten, (long, long) TreesWritten);

    private static async Task<Measure> MeasureSnapshotAsync(CoreHost host, InstanceAddress at, int folders, int filesPerFolder)
    {
        await FillCurrentStateAsync(host, at, folders, filesPerFolder);
        var rowsBefore = await host.RowCountsAsync();
        var (blobsBefore, treesBefore) = (host.ContentUsage("blobs"), host.ContentUsage("trees"));

        var snapshot = await host.RunAsync(s => s.GetRequiredService<SnapshotService>()
            .CreateAsync(host.Admin, at, new CreateSnapshot("Week 1", null, null, null), CancellationToken.None));

        var rowsAfter = await host.RowCountsAsync();
        var added = rowsAfter.Where(r => r.Value != rowsBefore.GetValueOrDefault(r.Key)).ToDictionary(r => r.Key, r => r.Value - rowsBefore.GetValueOrDefault(r.Key));
        var (blobsAfter, treesAfter) = (host.ContentUsage("blobs"), host.ContentUsage("trees"));
        return new Measure(snapshot, added,
            (blobsAfter.Files - blobsBefore.Files, blobsAfter.Bytes - blobsBefore.Bytes),
            (treesAfter.Files - treesBefore.Files, treesAfter.Bytes - treesBefore.Bytes));
    }

    /// <summary>Points the current state at a tree of folders × files built directly in the tree store (distinct content ids per file).</summary>
    private static async Task FillCurrentStateAsync(CoreHost host, InstanceAddress at, int folders, int filesPerFolder)
    {
        var trees = host.Services.GetRequiredService<ITreeStore>();
        var when = host.Clock.GetUtcNow();
        var folderEntries = new List<TreeEntry>();
        for (var f = 0; f < folders; f++)
        {
            var files = Enumerable.Range(0, filesPerFolder).Select(n =>
                TreeEntry.File($"file{n:D5}.txt", ContentId.Compute(System.Text.Encoding.UTF8.GetBytes($"{at.Space}/{f}/{n}")), 100, when));
            var tree = new Tree(files);
            var id = await trees.PutAsync(tree, CancellationToken.None);
            folderEntries.Add(new TreeEntry($"folder{f:D3}", EntryKind.Folder, id, tree.TotalSize, tree.ModifiedAt, tree.FileCount));
        }
        var root = await trees.PutAsync(new Tree(folderEntries), CancellationToken.None);
        await host.RunAsync(async s =>
        {
            var instance = await host.InstanceAsync(at);
            var refs = s.GetRequiredService<IStateRefStore>();
            await s.GetRequiredService<Strata.Core.Maintenance.WriteIntent>().BeginAsync(CancellationToken.None);
            var key = StateRefRow.CurrentOf(instance.Id);
            var current = await refs.GetAsync(key, CancellationToken.None);
            Assert.True(await refs.TryCompareAndSwapAsync(key, current!.Value, root, CancellationToken.None));
        });
    }
}
