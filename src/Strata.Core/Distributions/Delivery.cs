using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Distributions;

/// <summary>
/// Puts selected paths of a source state into a target's current state with one of SPEC §6's strategies,
/// and moves the target's delivery base along: afterwards the base holds, at every delivered path, what
/// the target received there (paths where the target kept its own content keep their old base).
/// Both editors are left uncommitted; ids move, bytes never do.
/// </summary>
public static class Delivery
{
    public static async Task<ApplyReport> ApplyAsync(TreeEditor target, TreeEditor deliveryBase, ContentId sourceRoot,
        IReadOnlyList<StoragePath> paths, DistributionStrategy strategy, CancellationToken ct)
    {
        var baseBefore = new TreeEditor(deliveryBase.Store, (await deliveryBase.CommitAsync(ct)).Id);
        var policy = new KeptPaths(strategy switch
        {
            DistributionStrategy.Merge => new MergePolicy(baseBefore),
            DistributionStrategy.Extra => ApplyPolicies.ExtraOnly,
            _ => ApplyPolicies.Overwrite,
        });
        var mirror = strategy == DistributionStrategy.Mirror;
        var report = await TreeApplier.ApplyAsync(target, sourceRoot, paths, policy, replaceSelected: mirror, ct);

        await TreeApplier.ApplyAsync(deliveryBase, sourceRoot, paths, ApplyPolicies.Overwrite, replaceSelected: mirror, ct);
        foreach (var kept in policy.Kept)
        {
            if (await EntryOrNullAsync(baseBefore, kept, ct) is { } old)
                await deliveryBase.SetAsync(kept, old, ct);
            else if (await EntryOrNullAsync(deliveryBase, kept, ct) is not null)
                await deliveryBase.DeleteAsync(kept, ct);
        }
        return report;
    }

    /// <summary>Recall: removes what still equals the source; the removed paths leave the base too.</summary>
    public static async Task<RecallReport> RecallAsync(TreeEditor target, TreeEditor deliveryBase, ContentId sourceRoot,
        IReadOnlyList<StoragePath> paths, CancellationToken ct)
    {
        var report = await TreeRecall.RemoveUnchangedAsync(target, sourceRoot, paths, ct);
        foreach (var removed in report.Removed)
        {
            if (await EntryOrNullAsync(deliveryBase, removed, ct) is not null)
                await deliveryBase.DeleteAsync(removed, ct);
        }
        return report;
    }

    private static async Task<TreeEntry?> EntryOrNullAsync(TreeEditor editor, StoragePath path, CancellationToken ct)
    {
        try
        {
            return await editor.GetEntryAsync(path, ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotAFolder)
        {
            return null;
        }
    }
}
