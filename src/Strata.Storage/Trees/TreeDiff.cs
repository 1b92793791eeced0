namespace Strata.Storage.Trees;

public enum ChangeKind
{
    Added,
    Modified,
    Deleted,
}

public sealed record Change(string Path, ChangeKind Kind);

/// <summary>
/// File-level differences between two trees. Subtrees and chunks of wide folders with equal ids are
/// skipped unread, so the cost grows with the number of differences, not with the size of the trees.
/// Files compare by content.
/// </summary>
public static class TreeDiff
{
    /// <summary>Changes from <paramref name="from"/> to <paramref name="to"/>, sorted by path.</summary>
    public static async Task<IReadOnlyList<Change>> CompareAsync(ITreeStore store, ContentId from, ContentId to, CancellationToken ct)
    {
        var changes = new List<Change>();
        await CompareFoldersAsync(store, from, to, "", changes, ct);
        return [.. changes.OrderBy(c => c.Path, StringComparer.Ordinal)];
    }

    private static async Task CompareFoldersAsync(ITreeStore store, ContentId from, ContentId to, string prefix, List<Change> changes, CancellationToken ct)
    {
        if (from == to)
            return;
        var (before, after) = await store.WithoutSharedChunksAsync(from, to, ct);
        foreach (var old in before.Entries)
        {
            var path = prefix + old.Name;
            var now = after.Find(old.Name);
            if (now is null || now.Kind != old.Kind)
                await AddAllAsync(store, old, path, ChangeKind.Deleted, changes, ct);
            if (now is null)
                continue;
            if (now.Kind != old.Kind)
                await AddAllAsync(store, now, path, ChangeKind.Added, changes, ct);
            else if (now.IsFolder)
                await CompareFoldersAsync(store, old.Id, now.Id, path + "/", changes, ct);
            else if (now.Id != old.Id)
                changes.Add(new Change(path, ChangeKind.Modified));
        }
        foreach (var added in after.Entries.Where(e => before.Find(e.Name) is null))
            await AddAllAsync(store, added, prefix + added.Name, ChangeKind.Added, changes, ct);
    }

    /// <summary>Every file under an entry (the entry itself when it is a file).</summary>
    public static async Task AddAllAsync(ITreeStore store, TreeEntry entry, string path, ChangeKind kind, List<Change> changes, CancellationToken ct)
    {
        if (!entry.IsFolder)
        {
            changes.Add(new Change(path, kind));
            return;
        }
        foreach (var child in (await store.GetAsync(entry.Id, ct)).Entries)
            await AddAllAsync(store, child, path + "/" + child.Name, kind, changes, ct);
    }
}
