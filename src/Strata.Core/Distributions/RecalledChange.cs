using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Distributions;

/// <summary>What a distribution did to one target, as a recall needs it: the target's root just before and just after, and its delivery base before.</summary>
internal sealed record RecalledChange(ContentId Before, ContentId After, ContentId? BaseBefore)
{
    /// <summary>
    /// Reads the change from the recalled job's target row. Rows written before roots were recorded fall
    /// back to the automatic snapshot taken before the delivery, with the delivery replayed on it as
    /// overwrite (or mirror): that can only make a recall keep more of the target, never remove what the
    /// target changed.
    /// </summary>
    public static async Task<RecalledChange> LoadAsync(StrataDb db, ITreeStore trees, Distribution recall, DistributionTarget target, CancellationToken ct)
    {
        var original = await db.DistributionTargets.AsNoTracking()
            .SingleOrDefaultAsync(t => t.DistributionId == recall.RecallOfId && t.InstanceId == target.InstanceId && t.Status == TargetStatus.Succeeded, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, "The distribution being recalled delivered nothing to this instance.");
        if (original is { RootBefore: { } before, RootAfter: { } after })
            return new RecalledChange(ContentId.Parse(before), ContentId.Parse(after), original.BaseBefore is { } b ? ContentId.Parse(b) : null);

        var safety = original.SafetySnapshotId is { } id
            ? await db.Snapshots.AsNoTracking().Where(s => s.Id == id).Select(s => s.Root).SingleOrDefaultAsync(ct)
            : null;
        if (safety is null)
        {
            throw new DomainException(ErrorCodes.InvalidRequest,
                "This distribution was made before Strata recorded what it changed, and its automatic snapshot is gone, so it cannot be recalled safely. Restore the files you want from a snapshot instead.");
        }
        var job = await db.Distributions.AsNoTracking().SingleAsync(d => d.Id == recall.RecallOfId, ct);
        var replay = new TreeEditor(trees, ContentId.Parse(safety));
        await TreeApplier.ApplyAsync(replay, ContentId.Parse(job.SourceRoot), [.. job.PathList.Select(StoragePath.Parse)],
            ApplyPolicies.Overwrite, replaceSelected: job.Strategy == DistributionStrategy.Mirror, ct);
        return new RecalledChange(ContentId.Parse(safety), (await replay.CommitAsync(ct)).Id, null);
    }
}
