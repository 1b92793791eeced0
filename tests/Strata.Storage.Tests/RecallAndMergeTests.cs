using Strata.Storage.Trees;

namespace Strata.Storage.Tests;

/// <summary>The engine side of distribution: merge decisions against a delivery base, and recall.</summary>
public sealed class RecallAndMergeTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly InMemoryTreeStore store = new();

    private static ContentId Blob(string text) => ContentId.Compute(System.Text.Encoding.UTF8.GetBytes(text));

    private async Task<ContentId> TreeAsync(params (string Path, string Text)[] files)
    {
        var editor = new TreeEditor(store, Tree.EmptyId);
        foreach (var (path, text) in files)
            await editor.PutFileAsync(StoragePath.Parse(path), Blob(text), text.Length, Time, CancellationToken.None);
        return (await editor.CommitAsync(CancellationToken.None)).Id;
    }

    private async Task<IReadOnlyList<string>> FilesAsync(TreeEditor editor)
    {
        var root = (await editor.CommitAsync(CancellationToken.None)).Id;
        var changes = await TreeDiff.CompareAsync(store, Tree.EmptyId, root, CancellationToken.None);
        return [.. changes.Select(c => c.Path)];
    }

    [Fact]
    public async Task RevertPutsBackWhatTheChangeReplacedAndRemovesWhatItAdded()
    {
        var before = await TreeAsync(("lab/a.py", "a1"), ("lab/same.py", "s"), ("own.txt", "o"));
        var after = await TreeAsync(("lab/a.py", "a2"), ("lab/same.py", "s"), ("lab/new.py", "n"), ("docs/x.md", "x"), ("own.txt", "o"));
        var target = new TreeEditor(store, after);

        var report = await TreeRevert.RevertAsync(target, before, after, CancellationToken.None);

        Assert.Equal(["lab/a.py", "lab/same.py", "own.txt"], await FilesAsync(target));
        Assert.Equal((await TreeAsync(("lab/a.py", "a1"), ("lab/same.py", "s"), ("own.txt", "o"))), (await target.CommitAsync(CancellationToken.None)).Id);
        Assert.Equal((1L, 2L, 0L), (report.Updated, report.Deleted, report.Kept));
    }

    [Fact]
    public async Task RevertKeepsAndReportsWhatTheTargetChangedSinceAndNeverReadsUntouchedPaths()
    {
        var before = await TreeAsync(("lab/a.py", "a1"), ("lab/b.py", "b1"));
        var after = await TreeAsync(("lab/a.py", "a2"), ("lab/b.py", "b2"), ("lab/c.py", "c"));
        var target = new TreeEditor(store, await TreeAsync(("lab/a.py", "mine"), ("lab/b.py", "b2"), ("lab/c.py", "c"), ("lab/d.py", "my own")));

        var report = await TreeRevert.RevertAsync(target, before, after, CancellationToken.None);

        Assert.Equal(["lab/a.py", "lab/b.py", "lab/d.py"], await FilesAsync(target));
        Assert.Equal(["lab/a.py"], report.Changed);
        Assert.Equal(["lab/b.py", "lab/c.py"], report.Reverted.Select(p => p.ToString()));
    }

    [Fact]
    public async Task RevertDropsAFolderTheChangeCreatedOnceItIsEmpty()
    {
        var before = await TreeAsync(("own.txt", "o"));
        var after = await TreeAsync(("own.txt", "o"), ("lab/a.py", "a"), ("lab/b.py", "b"));
        var target = new TreeEditor(store, await TreeAsync(("own.txt", "o"), ("lab/a.py", "a"), ("lab/b.py", "b edited")));

        await TreeRevert.RevertAsync(target, before, after, CancellationToken.None);
        Assert.Equal(["lab/b.py", "own.txt"], await FilesAsync(target));

        var untouched = new TreeEditor(store, after);
        await TreeRevert.RevertAsync(untouched, before, after, CancellationToken.None);
        Assert.Equal(before, (await untouched.CommitAsync(CancellationToken.None)).Id);
    }

    [Fact]
    public async Task ContentStoredUnderLooserNameRulesIsStillDeliveredAndRevertedWhole()
    {
        // A name with U+202E is refused today, but a tree written before that rule can still hold one.
        var old = new Tree([TreeEntry.File("report\u202Etxt.exe", Blob("r"), 1, Time), TreeEntry.File("ok.md", Blob("o"), 1, Time)]);
        var source = await store.PutAsync(old, CancellationToken.None);
        var target = new TreeEditor(store, await TreeAsync(("ok.md", "mine")));
        var before = (await target.CommitAsync(CancellationToken.None)).Id;

        await TreeApplier.ApplyAsync(target, source, [], ApplyPolicies.Overwrite, replaceSelected: false, CancellationToken.None);
        var after = (await target.CommitAsync(CancellationToken.None)).Id;
        Assert.Equal(2, (await store.GetAsync(after, CancellationToken.None)).Entries.Count);

        await TreeRevert.RevertAsync(target, before, after, CancellationToken.None);
        Assert.Equal(before, (await target.CommitAsync(CancellationToken.None)).Id);
    }

    [Theory]
    [InlineData("same", "new", "same", ApplyAction.Write)]        // target untouched since delivery → updated
    [InlineData("edited", "same", "same", ApplyAction.Keep)]      // source unchanged → the target's edit stays
    [InlineData("edited", "new", "same", ApplyAction.WriteBeside)] // both changed → conflict
    [InlineData("own", "new", null, ApplyAction.WriteBeside)]      // never delivered, differs → conflict
    [InlineData(null, "same", "same", ApplyAction.Keep)]           // target deleted it, source unchanged → stays deleted
    [InlineData(null, "new", "same", ApplyAction.WriteBeside)]     // target deleted it, source changed → deletion stands, conflict
    [InlineData(null, "new", null, ApplyAction.Write)]             // new file → added
    public async Task MergeDecidesFromWhatTheTargetLastReceived(string? existing, string incoming, string? delivered, ApplyAction expected)
    {
        var path = StoragePath.Parse("lab/a.py");
        var baseRoot = delivered is null ? Tree.EmptyId : await TreeAsync((path.ToString(), delivered));
        var policy = new MergePolicy(new TreeEditor(store, baseRoot));

        var action = await policy.DecideAsync(path, TreeEntry.File("a.py", Blob(incoming), 1, Time),
            existing is null ? null : TreeEntry.File("a.py", Blob(existing), 1, Time), CancellationToken.None);

        Assert.Equal(expected, action);
    }
}
