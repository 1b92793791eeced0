namespace Strata.Storage.Trees;

/// <summary>What a recall did: paths removed (whole folders when they were untouched) and files kept because the target changed them.</summary>
public sealed class RecallReport
{
    public List<StoragePath> Removed { get; } = [];

    public long Deleted { get; set; }

    public long Kept { get; set; }

    public List<string> Changed { get; } = [];
}

/// <summary>
/// Takes delivered content back out of a target: whatever still equals the source at the selected paths
/// is removed (an untouched folder in one step); what the target changed is kept and reported.
/// Folders emptied by the removal go too.
/// </summary>
public static class TreeRecall
{
    public static async Task<RecallReport> RemoveUnchangedAsync(TreeEditor target, ContentId sourceRoot, IReadOnlyList<StoragePath> paths, CancellationToken ct)
    {
        var source = new TreeEditor(target.Store, sourceRoot);
        var report = new RecallReport();
        foreach (var path in paths.Count == 0 ? [StoragePath.Root] : paths)
        {
            if (path.IsRoot)
            {
                foreach (var child in (await target.Store.GetAsync(sourceRoot, ct)).Entries)
                    await RemoveAsync(target, StoragePath.Root.Combine(child.Name), child, report, ct);
                continue;
            }
            if (await source.GetEntryAsync(path, ct) is { } incoming)
                await RemoveAsync(target, path, incoming, report, ct);
        }
        return report;
    }

    private static async Task RemoveAsync(TreeEditor target, StoragePath path, TreeEntry delivered, RecallReport report, CancellationToken ct)
    {
        TreeEntry? existing;
        try
        {
            existing = await target.GetEntryAsync(path, ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotAFolder)
        {
            existing = null;
        }
        if (existing is null)
            return;
        if (existing.Kind == delivered.Kind && existing.Id == delivered.Id)
        {
            await target.DeleteAsync(path, ct);
            report.Removed.Add(path);
            report.Deleted += delivered.FileCount;
            return;
        }
        if (existing.IsFolder && delivered.IsFolder)
        {
            foreach (var child in (await target.Store.GetAsync(delivered.Id, ct)).Entries)
                await RemoveAsync(target, path.Combine(child.Name), child, report, ct);
            if ((await target.ListAsync(path, ct)).Count == 0)
                await target.DeleteAsync(path, ct);
            return;
        }
        report.Kept += delivered.FileCount;
        report.Changed.Add(path.ToString());
        await RemoveIncomingCopiesAsync(target, path, delivered, report, ct);
    }

    /// <summary>A merge that met the target's own edit placed the delivered version beside it ("name (incoming).ext"); it goes too while untouched.</summary>
    private static async Task RemoveIncomingCopiesAsync(TreeEditor target, StoragePath path, TreeEntry delivered, RecallReport report, CancellationToken ct)
    {
        var dot = path.Name.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (path.Name[..dot], path.Name[dot..]) : (path.Name, "");
        foreach (var sibling in await target.ListAsync(path.Parent, ct))
        {
            var incoming = sibling.Name.StartsWith(stem + " (incoming", StringComparison.Ordinal) && sibling.Name.EndsWith(")" + extension, StringComparison.Ordinal);
            if (incoming && sibling.Kind == delivered.Kind && sibling.Id == delivered.Id)
            {
                var copy = path.Parent.Combine(sibling.Name);
                await target.DeleteAsync(copy, ct);
                report.Removed.Add(copy);
                report.Deleted += delivered.FileCount;
            }
        }
    }
}
