using Strata.Storage.Blobs;
using Strata.Storage.Collection;
using Strata.Storage.Objects;
using Strata.Storage.Trees;

namespace Strata.Storage.Tests.Collection;

/// <summary>The mark and the passes over a folder of objects: what no root reaches goes to the trash, then away; what a later mark reaches comes back.</summary>
public sealed class SweepTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-sweep-tests", Guid.NewGuid().ToString("N"));
    private readonly FileSystemObjectStore objects;
    private readonly ObjectBlobStore blobs;
    private readonly ObjectTreeStore trees;

    public SweepTests()
    {
        objects = new FileSystemObjectStore(folder);
        blobs = new ObjectBlobStore(objects);
        trees = new ObjectTreeStore(objects);
    }

    [Fact]
    public async Task UnreachedObjectsGoToTheTrashThenAwayAndReachedOnesStay()
    {
        var (kept, keptBlob) = await StateAsync("kept.txt", "kept");
        var (dropped, droppedBlob) = await StateAsync("dropped.txt", "dropped");
        var marks = new Marker(trees);
        await marks.MarkAsync([kept], null, default);
        var sweep = new Sweep(objects, marks);

        var trashed = await sweep.TrashAsync(DateTimeOffset.UtcNow.AddMinutes(1), dryRun: false, default);
        var (deleted, restored) = await sweep.PurgeAsync(purge: true, default);

        Assert.Equal((1L, 1L, 0L), (trashed.Blobs, trashed.Trees, restored));
        Assert.Equal((1L, 1L), (deleted.Blobs, deleted.Trees));
        Assert.True(await blobs.ExistsAsync(keptBlob, default));
        Assert.False(await blobs.ExistsAsync(droppedBlob, default));
        Assert.False(await objects.ExistsAsync(ObjectKeys.Of(ObjectKeys.Trees, dropped), default));
        Assert.Empty(objects.ListAsync(Trash.Prefix, default).ToBlockingEnumerable());
        Assert.Equal(2, marks.ObjectsMarked);
    }

    [Fact]
    public async Task ObjectsYoungerThanTheCutoffAreLeftAlone()
    {
        await StateAsync("new.txt", "just written");
        var marks = new Marker(trees);
        await marks.MarkAsync([], null, default);

        var trashed = await new Sweep(objects, marks).TrashAsync(DateTimeOffset.UtcNow.AddMinutes(-1), dryRun: false, default);

        Assert.Equal((0L, 0L, 2L), (trashed.Blobs + trashed.Trees, trashed.Bytes, trashed.Listed));
    }

    /// <summary>A root committed after the sweep (a change that was in flight) is reached by the second mark: its objects come back.</summary>
    [Fact]
    public async Task WhatASecondMarkReachesComesBackFromTheTrash()
    {
        var (late, lateBlob) = await StateAsync("late.txt", "committed after the sweep");
        var marks = new Marker(trees);
        await marks.MarkAsync([], null, default);
        var sweep = new Sweep(objects, marks);
        await sweep.TrashAsync(DateTimeOffset.UtcNow.AddMinutes(1), dryRun: false, default);

        await marks.MarkAsync([late], null, default);
        var (deleted, restored) = await sweep.PurgeAsync(purge: true, default);

        // The folder came back as the mark read it (a read puts back what it needs); the purge put back the file.
        Assert.Equal((1L, 0L), (restored, deleted.Blobs + deleted.Trees));
        Assert.Empty(objects.ListAsync(Trash.Prefix, default).ToBlockingEnumerable());
        Assert.True(await objects.ExistsAsync(ObjectKeys.Of(ObjectKeys.Blobs, lateBlob), default));
        Assert.True(await objects.ExistsAsync(ObjectKeys.Of(ObjectKeys.Trees, late), default));
    }

    [Fact]
    public async Task AMissingFolderIsReportedSoNothingIsCollected()
    {
        var (root, _) = await StateAsync("a.txt", "a");
        await objects.DeleteAsync(ObjectKeys.Of(ObjectKeys.Trees, root), default);
        var marks = new Marker(new ObjectTreeStore(objects));

        await marks.MarkAsync([root], null, default);

        Assert.Equal([root], marks.Missing);
    }

    private async Task<(ContentId Root, ContentId Blob)> StateAsync(string name, string text)
    {
        var blob = await blobs.PutAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), default);
        var root = await trees.PutNodeAsync(new Tree([TreeEntry.File(name, blob.Id, blob.Size, DateTimeOffset.UnixEpoch)]), default);
        return (root, blob.Id);
    }

    public void Dispose()
    {
        trees.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
