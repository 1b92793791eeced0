namespace Strata.Storage.Trees;

/// <summary>
/// SPEC §6's merge: never destroys a target's own edits. The base of a path is what this target last
/// received there (the target's delivery base tree). Target unchanged since delivery → updated; changed
/// by the target but not by the source → kept; changed on both sides (or a target file that never came
/// from a delivery) → kept, with the incoming version placed beside it as a conflict. A delivered path
/// the target deleted stays deleted; if the source changed it since, the incoming version arrives beside
/// the deleted name and the path is a conflict (a deleted folder is looked into, so only the files the
/// source changed arrive).
/// </summary>
public sealed class MergePolicy(TreeEditor deliveryBase) : IApplyPolicy
{
    public async ValueTask<ApplyAction> DecideAsync(StoragePath path, TreeEntry incoming, TreeEntry? existing, CancellationToken ct)
    {
        var delivered = await deliveryBase.FindAsync(path, ct);
        if (existing is null)
        {
            if (delivered is null)
                return ApplyAction.Write;
            if (Same(delivered, incoming))
                return ApplyAction.Keep;
            return delivered.IsFolder && incoming.IsFolder ? ApplyAction.Descend : ApplyAction.WriteBeside;
        }
        if (delivered is not null && Same(existing, delivered))
            return ApplyAction.Write;
        if (delivered is not null && Same(incoming, delivered))
            return ApplyAction.Keep;
        return ApplyAction.WriteBeside;
    }

    private static bool Same(TreeEntry a, TreeEntry b) => a.Kind == b.Kind && a.Id == b.Id;
}

/// <summary>Passes decisions through and remembers the paths where the target kept its own content.</summary>
public sealed class KeptPaths(IApplyPolicy inner) : IApplyPolicy
{
    public List<StoragePath> Kept { get; } = [];

    public async ValueTask<ApplyAction> DecideAsync(StoragePath path, TreeEntry incoming, TreeEntry? existing, CancellationToken ct)
    {
        var action = await inner.DecideAsync(path, incoming, existing, ct);
        if (action == ApplyAction.Keep)
            Kept.Add(path);
        return action;
    }
}
