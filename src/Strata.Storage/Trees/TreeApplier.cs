namespace Strata.Storage.Trees;

/// <summary>
/// "Apply selected paths of tree A onto tree B": the primitive behind restore, distribution and
/// instances created with content. Works on ids: a whole folder the target lacks is placed with one
/// entry, identical subtrees are skipped, and only differing paths reach the policy.
/// </summary>
public static class TreeApplier
{
    /// <param name="target">The editor of the target state; the caller commits it.</param>
    /// <param name="sourceRoot">The root of the source state.</param>
    /// <param name="paths">Selected source paths; empty means everything.</param>
    /// <param name="policy">Decides what happens where incoming content meets the target.</param>
    /// <param name="replaceSelected">Mirror: each selected path ends exactly as in the source.</param>
    public static async Task<ApplyReport> ApplyAsync(TreeEditor target, ContentId sourceRoot, IReadOnlyList<StoragePath> paths,
        IApplyPolicy policy, bool replaceSelected, CancellationToken ct)
    {
        var source = new TreeEditor(target.Store, sourceRoot);
        var selected = paths.Count == 0 ? [StoragePath.Root] : paths;
        var incoming = new List<(StoragePath Path, TreeEntry Entry)>();
        foreach (var path in selected)
        {
            // Every selection is checked before anything is written.
            var entry = path.IsRoot ? await RootEntryAsync(target.Store, sourceRoot, ct) : await source.GetEntryAsync(path, ct);
            incoming.Add((path, entry ?? throw new StorageException(StorageException.NotFound, $"The source has no file or folder \"{path}\".")));
        }
        var report = new ApplyReport();
        foreach (var (path, entry) in incoming)
        {
            if (replaceSelected)
                await ReplaceAsync(target, path, entry, report, ct);
            else
                await MergeAsync(target, path, entry, policy, report, ct);
        }
        return report;
    }

    private static async Task ReplaceAsync(TreeEditor target, StoragePath path, TreeEntry incoming, ApplyReport report, CancellationToken ct)
    {
        var existing = path.IsRoot ? await RootEntryAsync(target.Store, (await target.CommitAsync(ct)).Id, ct) : await target.GetEntryAsync(path, ct);
        var before = existing ?? new TreeEntry(incoming.Name, EntryKind.Folder, Tree.EmptyId, 0, DateTimeOffset.UnixEpoch, 0);
        var changes = await DiffEntriesAsync(target.Store, before, incoming, ct);
        var added = changes.Count(c => c.Kind == ChangeKind.Added);
        var updated = changes.Count(c => c.Kind == ChangeKind.Modified);
        report.Added += added;
        report.Updated += updated;
        report.Deleted += changes.Count(c => c.Kind == ChangeKind.Deleted);
        report.Unchanged += Math.Max(0, incoming.FileCount - added - updated);
        await target.SetAsync(path, incoming, ct);
    }

    private static async Task MergeAsync(TreeEditor target, StoragePath path, TreeEntry incoming, IApplyPolicy policy, ApplyReport report, CancellationToken ct)
    {
        var existing = path.IsRoot ? await RootEntryAsync(target.Store, (await target.CommitAsync(ct)).Id, ct) : await target.GetEntryAsync(path, ct);
        if (existing is not null && existing.Kind == incoming.Kind && existing.Id == incoming.Id)
        {
            report.Unchanged += incoming.FileCount;
            return;
        }
        if (existing is not null && existing.IsFolder && incoming.IsFolder)
        {
            var children = await target.Store.GetAsync(incoming.Id, ct);
            foreach (var child in children.Entries)
                await MergeAsync(target, path.Stored(child.Name), child, policy, report, ct);
            return;
        }
        switch (await policy.DecideAsync(path, incoming, existing, ct))
        {
            case ApplyAction.Write:
                if (existing is null)
                {
                    report.Added += incoming.FileCount;
                }
                else
                {
                    report.Updated += incoming.IsFolder ? incoming.FileCount : 1;
                    report.Deleted += existing.IsFolder ? existing.FileCount : 0;
                }
                await target.SetAsync(path, incoming, ct);
                break;
            case ApplyAction.Keep:
                report.Kept += incoming.FileCount;
                break;
            case ApplyAction.Descend when incoming.IsFolder:
                foreach (var child in (await target.Store.GetAsync(incoming.Id, ct)).Entries)
                    await MergeAsync(target, path.Stored(child.Name), child, policy, report, ct);
                break;
            case ApplyAction.Descend:
                throw new InvalidOperationException($"Only a folder can be descended into; \"{path}\" is a file.");
            case ApplyAction.WriteBeside:
                // The target may have deleted the whole folder: the copy then re-creates just its parents.
                var parent = path.Parent.IsRoot || await target.GetEntryAsync(path.Parent, ct) is not null
                    ? await target.ListAsync(path.Parent, ct)
                    : [];
                var beside = BesideName(path.Name, parent.Select(e => e.Name).ToHashSet(StringComparer.Ordinal));
                await target.SetAsync(path.Parent.Stored(beside), incoming, ct);
                report.Conflicts.Add(path.ToString());
                break;
        }
    }

    /// <summary>"name (incoming).ext", or "(incoming 2)"… when taken.</summary>
    public static string BesideName(string name, IReadOnlySet<string> taken) => NumberedNames.Labelled(name, Incoming, taken);

    /// <summary>Whether a sibling's name is one <see cref="BesideName"/> gave the file <paramref name="name"/>.</summary>
    public static bool IsBesideName(string candidate, string name) => NumberedNames.IsLabelled(candidate, name, Incoming);

    private const string Incoming = "incoming";

    private static async Task<IReadOnlyList<Change>> DiffEntriesAsync(ITreeStore store, TreeEntry before, TreeEntry after, CancellationToken ct)
    {
        if (before.IsFolder && after.IsFolder)
            return await TreeDiff.CompareAsync(store, before.Id, after.Id, ct);
        var changes = new List<Change>();
        if (before.IsFolder != after.IsFolder || before.Id != after.Id)
        {
            if (before.IsFolder == after.IsFolder)
            {
                changes.Add(new Change(after.Name, ChangeKind.Modified));
            }
            else
            {
                await TreeDiff.AddAllAsync(store, before, before.Name, ChangeKind.Deleted, changes, ct);
                await TreeDiff.AddAllAsync(store, after, after.Name, ChangeKind.Added, changes, ct);
            }
        }
        return changes;
    }

    private static async Task<TreeEntry> RootEntryAsync(ITreeStore store, ContentId root, CancellationToken ct)
    {
        var tree = await store.GetAsync(root, ct);
        return new TreeEntry("", EntryKind.Folder, root, tree.TotalSize, tree.ModifiedAt, tree.FileCount);
    }
}
