using Strata.Storage.Trees;

namespace Strata.Storage.Tests;

/// <summary>Wide folders are cut into chunks by name: one write costs O(log n) bytes, equal content has one id, old single-object folders still read.</summary>
public sealed class WideFolderTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly ContentId Blob = ContentId.Compute("x"u8);

    private static StoragePath File(int n) => StoragePath.Parse($"wide/file-{n:D6}.txt");

    private static async Task<ContentId> FillAsync(ITreeStore trees, int count)
    {
        var editor = new TreeEditor(trees, Tree.EmptyId);
        for (var i = 0; i < count; i++)
            await editor.PutFileAsync(File(i), Blob, 1, Time, CancellationToken.None);
        return (await editor.CommitAsync(CancellationToken.None)).Id;
    }

    [Fact]
    public async Task OneWriteIntoAFolderOf20000EntriesWritesUnder64KBOfTrees()
    {
        var trees = new InMemoryTreeStore();
        var root = await FillAsync(trees, 20_000);
        var whole = (await trees.GetAsync(root, CancellationToken.None)).Entries.Count;
        var before = trees.BytesWritten;

        var edit = new TreeEditor(trees, root);
        await edit.PutFileAsync(StoragePath.Parse("wide/file-010000.5.txt"), Blob, 1, Time, CancellationToken.None);
        var (changed, summary) = await edit.CommitAsync(CancellationToken.None);

        var written = trees.BytesWritten - before;
        Assert.True(written < 64 * 1024, $"one write wrote {written} bytes of trees");
        Assert.Equal(20_001, summary.FileCount);
        Assert.Equal(1, whole);
        Assert.Equal([new Change("wide/file-010000.5.txt", ChangeKind.Added)], await TreeDiff.CompareAsync(trees, root, changed, CancellationToken.None));
        Assert.IsType<TreeIndex>(await trees.GetNodeAsync((await new TreeEditor(trees, changed).GetEntryAsync(StoragePath.Parse("wide"), CancellationToken.None))!.Id, CancellationToken.None));
    }

    [Fact]
    public async Task EqualContentHasOneIdWhateverTheOrderOfEdits()
    {
        var trees = new InMemoryTreeStore();
        var inOneGo = await FillAsync(trees, 3_000);

        var random = new Random(1234);
        var root = Tree.EmptyId;
        var order = Enumerable.Range(0, 3_000).OrderBy(_ => random.Next()).ToList();
        for (var batch = 0; batch < order.Count; batch += 250)
        {
            var editor = new TreeEditor(trees, root);
            foreach (var n in order.Skip(batch).Take(250))
            {
                await editor.PutFileAsync(File(n), Blob, 1, Time, CancellationToken.None);
                await editor.PutFileAsync(StoragePath.Parse($"wide/extra-{n}.tmp"), Blob, 1, Time, CancellationToken.None);
            }
            root = (await editor.CommitAsync(CancellationToken.None)).Id;
            var cleaner = new TreeEditor(trees, root);
            foreach (var n in order.Skip(batch).Take(250))
                await cleaner.DeleteAsync(StoragePath.Parse($"wide/extra-{n}.tmp"), CancellationToken.None);
            root = (await cleaner.CommitAsync(CancellationToken.None)).Id;
        }

        Assert.Equal(inOneGo, root);
    }

    [Fact]
    public async Task RandomEditsOfAWideFolderListLikeASimpleModel()
    {
        var trees = new InMemoryTreeStore();
        var model = new SortedDictionary<string, ContentId>(StringComparer.Ordinal);
        var random = new Random(42);
        var root = Tree.EmptyId;
        for (var round = 0; round < 40; round++)
        {
            var editor = new TreeEditor(trees, root);
            for (var step = 0; step < 100; step++)
            {
                var name = $"n{random.Next(2_000)}";
                var path = StoragePath.Parse("wide/" + name);
                if (model.ContainsKey(name) && random.Next(3) == 0)
                {
                    await editor.DeleteAsync(path, CancellationToken.None);
                    model.Remove(name);
                }
                else
                {
                    var blob = ContentId.Compute(BitConverter.GetBytes(random.Next()));
                    await editor.PutFileAsync(path, blob, 1, Time, CancellationToken.None);
                    model[name] = blob;
                }
            }
            root = (await editor.CommitAsync(CancellationToken.None)).Id;
        }

        var listed = model.Count == 0 ? [] : await new TreeEditor(trees, root).ListAsync(StoragePath.Parse("wide"), CancellationToken.None);
        Assert.Equal(model.Select(p => (p.Key, p.Value)), listed.Select(e => (e.Name, e.Id)));
        var rebuilt = new TreeEditor(trees, Tree.EmptyId);
        foreach (var (name, blob) in model)
            await rebuilt.PutFileAsync(StoragePath.Parse("wide/" + name), blob, 1, Time, CancellationToken.None);
        Assert.Equal((await rebuilt.CommitAsync(CancellationToken.None)).Id, root);
    }

    [Fact]
    public async Task AFolderStoredAsOneObjectByEarlierVersionsReadsAndTurnsIntoChunksOnItsNextWrite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "strata-wide-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var trees = new FileSystemTreeStore(folder);
            // What earlier versions wrote: every folder one object, however wide.
            var wide = new Tree(Enumerable.Range(0, 5_000).Select(n => TreeEntry.File($"file-{n:D6}.txt", Blob, 1, Time)));
            var wideId = await trees.PutNodeAsync(wide, CancellationToken.None);
            var oldRoot = await trees.PutNodeAsync(new Tree([new TreeEntry("wide", EntryKind.Folder, wideId, wide.TotalSize, wide.ModifiedAt, wide.FileCount)]), CancellationToken.None);
            using var reopened = new FileSystemTreeStore(folder);

            var listed = await new TreeEditor(reopened, oldRoot).ListAsync(StoragePath.Parse("wide"), CancellationToken.None);
            var edit = new TreeEditor(reopened, oldRoot);
            await edit.DeleteAsync(File(17), CancellationToken.None);
            var (newRoot, summary) = await edit.CommitAsync(CancellationToken.None);

            Assert.Equal(5_000, listed.Count);
            Assert.Equal(4_999, summary.FileCount);
            Assert.Equal([new Change("wide/file-000017.txt", ChangeKind.Deleted)], await TreeDiff.CompareAsync(reopened, oldRoot, newRoot, CancellationToken.None));
            var newWide = (await new TreeEditor(reopened, newRoot).GetEntryAsync(StoragePath.Parse("wide"), CancellationToken.None))!;
            Assert.IsType<TreeIndex>(await reopened.GetNodeAsync(newWide.Id, CancellationToken.None));
            Assert.Equal(4_999, (await reopened.GetAsync(newWide.Id, CancellationToken.None)).Entries.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
