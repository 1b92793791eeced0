using FsCheck.Xunit;
using Strata.Storage.Trees;

namespace Strata.Storage.Tests;

/// <summary>
/// Property tests (FsCheck): random edit sequences on a wide folder against a simple model — the same
/// listing, the same diff, and the same id as the model's content built in one go.
/// </summary>
public sealed class TreeEngineProperties
{
    private static readonly DateTimeOffset Time = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private const int Start = 600;

    private static string Name(int n) => $"n{Math.Abs(n % 3_000):D4}";

    private static ContentId Blob(int n) => ContentId.Compute(BitConverter.GetBytes(n));

    [Property(MaxTest = 60)]
    public bool RandomEditsAgreeWithAModel((int Name, bool Delete, byte Content)[] edits, byte batches)
    {
        var trees = new InMemoryTreeStore();
        var model = new SortedDictionary<string, ContentId>(StringComparer.Ordinal);
        var start = new TreeEditor(trees, Tree.EmptyId);
        for (var n = 0; n < Start; n++)
        {
            model[Name(n * 5)] = Blob(n);
            start.PutFileAsync(StoragePath.Parse("wide/" + Name(n * 5)), Blob(n), 1, Time, default).GetAwaiter().GetResult();
        }
        var startRoot = start.CommitAsync(default).GetAwaiter().GetResult().Id;
        var before = new SortedDictionary<string, ContentId>(model, StringComparer.Ordinal);

        var root = startRoot;
        var size = Math.Max(1, edits.Length / (batches % 4 + 1));
        foreach (var batch in edits.Chunk(size))
        {
            var editor = new TreeEditor(trees, root);
            foreach (var (name, delete, content) in batch)
            {
                var path = StoragePath.Parse("wide/" + Name(name));
                if (delete && model.Remove(Name(name)))
                    editor.DeleteAsync(path, default).GetAwaiter().GetResult();
                else if (!delete)
                {
                    editor.PutFileAsync(path, Blob(content), 1, Time, default).GetAwaiter().GetResult();
                    model[Name(name)] = Blob(content);
                }
            }
            root = editor.CommitAsync(default).GetAwaiter().GetResult().Id;
        }

        var listed = new TreeEditor(trees, root).ListAsync(StoragePath.Parse("wide"), default).GetAwaiter().GetResult();
        var sameListing = listed.Select(e => (e.Name, e.Id)).SequenceEqual(model.Select(p => (p.Key, p.Value)));

        var rebuilt = new TreeEditor(trees, Tree.EmptyId);
        foreach (var (name, blob) in model)
            rebuilt.PutFileAsync(StoragePath.Parse("wide/" + name), blob, 1, Time, default).GetAwaiter().GetResult();
        var sameId = rebuilt.CommitAsync(default).GetAwaiter().GetResult().Id == root;

        var expected = before.Keys.Union(model.Keys).Order(StringComparer.Ordinal)
            .Select(name => (name, before.GetValueOrDefault(name), model.GetValueOrDefault(name)))
            .Where(x => x.Item2 != x.Item3)
            .Select(x => new Change("wide/" + x.name, x.Item2 == default ? ChangeKind.Added : x.Item3 == default ? ChangeKind.Deleted : ChangeKind.Modified));
        var sameDiff = TreeDiff.CompareAsync(trees, startRoot, root, default).GetAwaiter().GetResult().SequenceEqual(expected);

        return sameListing && sameId && sameDiff;
    }
}
