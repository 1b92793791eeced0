using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Distributions;

/// <summary>Which distribution delivered a file: its id, source (instance, state, path), who sent it and when.</summary>
public sealed record DeliveredByView(Guid Distribution, string SourceInstance, string SourceState, string SourcePath, string By, DateTimeOffset At);

/// <summary>
/// Provenance of a file (SPEC §6): the newest distribution to this instance whose source held exactly this
/// content at this path. Derived from the job records and the pinned source roots, so recording it costs
/// no row per delivered file.
/// </summary>
public sealed class Provenance(StrataDb db, ITreeStore trees)
{
    private const int Horizon = 100;

    public async Task<DeliveredByView?> FindAsync(Guid instanceId, StoragePath path, TreeEntry file, CancellationToken ct)
    {
        if (file.IsFolder || path.IsRoot)
            return null;
        var deliveries = await db.DistributionTargets.AsNoTracking()
            .Where(t => t.InstanceId == instanceId && t.Status == TargetStatus.Succeeded)
            .Join(db.Distributions.AsNoTracking().Where(d => d.RecallOfId == null), t => t.DistributionId, d => d.Id, (t, d) => new { Job = d, t.FinishedAt })
            .OrderByDescending(x => x.Job.CreatedAt).Take(Horizon).ToListAsync(ct);
        foreach (var delivery in deliveries)
        {
            var selected = delivery.Job.PathList;
            if (selected.Count > 0 && !selected.Any(p => StoragePath.Parse(p).IsSameOrAncestorOf(path)))
                continue;
            var source = await new TreeEditor(trees, ContentId.Parse(delivery.Job.SourceRoot)).FindAsync(path, ct);
            if (source is { IsFolder: false } && source.Id == file.Id)
            {
                return new DeliveredByView(delivery.Job.Id, delivery.Job.SourceInstance, delivery.Job.SourceState, path.ToString(),
                    delivery.Job.CreatedBy, delivery.FinishedAt ?? delivery.Job.CreatedAt);
            }
        }
        return null;
    }
}
