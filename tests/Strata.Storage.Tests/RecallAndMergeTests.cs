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
    public async Task RecallRemovesUntouchedFoldersWholeAndKeepsChangedFiles()
    {
        var source = await TreeAsync(("lab/a.py", "a"), ("lab/b.py", "b"), ("docs/x.md", "x"));
        var target = new TreeEditor(store, await TreeAsync(("lab/a.py", "edited"), ("lab/b.py", "b"), ("docs/x.md", "x"), ("own.txt", "o")));

        var report = await TreeRecall.RemoveUnchangedAsync(target, source, [], CancellationToken.None);

        Assert.Equal(["lab/a.py", "own.txt"], await FilesAsync(target));
        Assert.Equal(["docs", "lab/b.py"], report.Removed.Select(p => p.ToString()));
        Assert.Equal((2L, 1L), (report.Deleted, report.Kept));
        Assert.Equal(["lab/a.py"], report.Changed);
    }

    [Fact]
    public async Task RecallDropsFoldersItEmptiesAndIgnoresPathsTheTargetNoLongerHas()
    {
        var source = await TreeAsync(("lab/a.py", "a"), ("gone.md", "g"));
        var target = new TreeEditor(store, await TreeAsync(("lab/a.py", "a"), ("lab/sub/own.py", "o")));

        await TreeRecall.RemoveUnchangedAsync(target, source, [StoragePath.Parse("lab/a.py"), StoragePath.Parse("gone.md")], CancellationToken.None);

        Assert.Equal(["lab/sub/own.py"], await FilesAsync(target));
    }

    [Fact]
    public async Task RecallAlsoRemovesTheUntouchedIncomingCopyAMergePlacedBesideAnEdit()
    {
        var source = await TreeAsync(("lab/a.py", "a2"));
        var target = new TreeEditor(store, await TreeAsync(("lab/a.py", "mine"), ("lab/a (incoming).py", "a2"), ("lab/a (incoming 2).py", "edited copy")));

        var report = await TreeRecall.RemoveUnchangedAsync(target, source, [], CancellationToken.None);

        Assert.Equal(["lab/a (incoming 2).py", "lab/a.py"], await FilesAsync(target));
        Assert.Equal(["lab/a.py"], report.Changed);
    }

    [Theory]
    [InlineData("same", "new", "same", ApplyAction.Write)]        // target untouched since delivery → updated
    [InlineData("edited", "same", "same", ApplyAction.Keep)]      // source unchanged → the target's edit stays
    [InlineData("edited", "new", "same", ApplyAction.WriteBeside)] // both changed → conflict
    [InlineData("own", "new", null, ApplyAction.WriteBeside)]      // never delivered, differs → conflict
    [InlineData(null, "same", "same", ApplyAction.Keep)]           // target deleted it, source unchanged → stays deleted
    [InlineData(null, "new", "same", ApplyAction.Write)]           // target deleted it, source changed → arrives again
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
