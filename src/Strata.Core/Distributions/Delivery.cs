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
            if (await baseBefore.FindAsync(kept, ct) is { } old)
                await deliveryBase.SetAsync(kept, old, ct);
            else if (await deliveryBase.FindAsync(kept, ct) is not null)
                await deliveryBase.DeleteAsync(kept, ct);
        }
        return report;
    }

    /// <summary>
    /// Recall: every path the distribution changed in the target (from <paramref name="before"/> to
    /// <paramref name="after"/>) goes back to what it was, unless the target changed it since. The delivery
    /// base goes back with it, to what it held there before the distribution (<paramref name="baseBefore"/>).
    /// </summary>
    public static async Task<RevertReport> RecallAsync(TreeEditor target, TreeEditor deliveryBase, ContentId before, ContentId after,
        ContentId baseBefore, CancellationToken ct)
    {
        var report = await TreeRevert.RevertAsync(target, before, after, ct);
        var earlier = new TreeEditor(deliveryBase.Store, baseBefore);
        foreach (var path in report.Reverted)
        {
            if (await earlier.FindAsync(path, ct) is { } old)
                await deliveryBase.SetAsync(path, old, ct);
            else if (await deliveryBase.FindAsync(path, ct) is not null)
                await deliveryBase.DeleteAsync(path, ct);
        }
        return report;
    }

}
