namespace Strata.Storage.Trees;

/// <summary>What a revert did, in files: earlier versions put back, paths removed, paths kept because the target changed them.</summary>
public sealed class RevertReport
{
    public long Updated { get; set; }

    public long Deleted { get; set; }

    public long Kept { get; set; }

    /// <summary>Paths put back to their earlier content (or removed): the delivery base follows these.</summary>
    public List<StoragePath> Reverted { get; } = [];

    /// <summary>Paths the target changed since, so they stay as the target has them.</summary>
    public List<string> Changed { get; } = [];
}

/// <summary>
/// Undoes one change of a state (from <c>before</c> to <c>after</c>) in a target that may have moved on
/// since: every path the change touched goes back to what it was before, unless the target changed
/// that path since, in which case it is kept and reported. Paths the change did not touch are never
/// read. Works on ids, so an untouched folder goes back in one step whatever it holds.
/// </summary>
public static class TreeRevert
{
    public static async Task<RevertReport> RevertAsync(TreeEditor target, ContentId before, ContentId after, CancellationToken ct)
    {
        var report = new RevertReport();
        await RevertFolderAsync(target, StoragePath.Root, before, after, report, ct);
        return report;
    }

    private static async Task RevertFolderAsync(TreeEditor target, StoragePath folder, ContentId before, ContentId after, RevertReport report, CancellationToken ct)
    {
        if (before == after)
            return;
        var old = await target.Store.GetAsync(before, ct);
        var changed = await target.Store.GetAsync(after, ct);
        var names = old.Entries.Select(e => e.Name).Union(changed.Entries.Select(e => e.Name)).Order(StringComparer.Ordinal);
        foreach (var name in names)
            await RevertEntryAsync(target, folder.Stored(name), old.Find(name), changed.Find(name), report, ct);
    }

    private static async Task RevertEntryAsync(TreeEditor target, StoragePath path, TreeEntry? before, TreeEntry? after, RevertReport report, CancellationToken ct)
    {
        if (Same(before, after))
            return;
        var current = await target.FindAsync(path, ct);
        if (Same(current, after))
        {
            await CountAsync(target.Store, before, after, report, ct);
            if (before is null)
                await target.DeleteAsync(path, ct);
            else
                await target.SetAsync(path, before, ct);
            report.Reverted.Add(path);
            return;
        }
        if (current is { IsFolder: true } && after is { IsFolder: true } && before is null or { IsFolder: true })
        {
            await RevertFolderAsync(target, path, before?.Id ?? Tree.EmptyId, after.Id, report, ct);
            if (before is null && (await target.ListAsync(path, ct)).Count == 0)
                await target.DeleteAsync(path, ct);
            return;
        }
        report.Kept += Math.Max(1, after?.FileCount ?? before?.FileCount ?? 1);
        report.Changed.Add(path.ToString());
    }

    /// <summary>SPEC §6: a recall counts restored earlier versions as updated and removed paths as deleted.</summary>
    private static async Task CountAsync(ITreeStore store, TreeEntry? before, TreeEntry? after, RevertReport report, CancellationToken ct)
    {
        if (before is null)
        {
            report.Deleted += after!.FileCount;
            return;
        }
        if (after is null || before.IsFolder != after.IsFolder)
        {
            report.Updated += before.FileCount;
            report.Deleted += after is null ? 0 : after.FileCount;
            return;
        }
        if (!before.IsFolder)
        {
            report.Updated++;
            return;
        }
        foreach (var change in await TreeDiff.CompareAsync(store, after.Id, before.Id, ct))
        {
            if (change.Kind == ChangeKind.Deleted)
                report.Deleted++;
            else
                report.Updated++;
        }
    }

    private static bool Same(TreeEntry? a, TreeEntry? b) =>
        a is null ? b is null : b is not null && a.Kind == b.Kind && a.Id == b.Id;

}
