using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Distributions;

/// <summary>A conflict as a student reads it: their version stayed at <see cref="Path"/>; the new one is beside it at <see cref="IncomingCopy"/> (when it is still there).</summary>
public sealed record ArrivalConflict(string Path, string? IncomingCopy);

/// <summary>The last delivery (or recall) that reached an instance, for the people working in it.</summary>
public sealed record ArrivalView(Guid Distribution, bool Recall, string From, string By, DateTimeOffset At, DistributionStrategy Strategy,
    long Added, long Updated, long Deleted, long Kept, IReadOnlyList<ArrivalConflict> Conflicts);

/// <summary>
/// What arrived in an instance (issue 12): the newest distribution or recall applied to it, with each
/// conflict's incoming copy found beside the student's own file. Readable by whoever reads the instance.
/// </summary>
public sealed class Arrivals(StrataDb db, AccessResolver access, ITreeStore trees, StateRoots roots)
{
    private const int MaxConflictsShown = 50;

    public async Task<ArrivalView?> LatestAsync(Actor actor, InstanceAddress at, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
        var latest = await db.DistributionTargets.AsNoTracking()
            .Where(t => t.InstanceId == scope.Instance.Id && t.Status == TargetStatus.Succeeded)
            .Join(db.Distributions.AsNoTracking(), t => t.DistributionId, d => d.Id, (t, d) => new { Target = t, Job = d })
            .OrderByDescending(x => x.Job.CreatedAt).ThenByDescending(x => x.Job.Id).FirstOrDefaultAsync(ct);
        if (latest is null)
            return null;
        var (job, target) = (latest.Job, latest.Target);
        var sender = await db.Users.AsNoTracking().Where(u => u.Id == job.CreatedById).Select(u => u.Name).SingleOrDefaultAsync(ct);
        var conflicts = target.Conflicts.Length == 0 ? [] : target.Conflicts.Split('\n');
        var (current, _) = await roots.RootOfAsync(scope.Instance, StateRoots.Current, ct);
        var shown = new List<ArrivalConflict>();
        foreach (var path in conflicts.Take(MaxConflictsShown))
            shown.Add(new ArrivalConflict(path, job.RecallOfId is null ? await IncomingCopyAsync(current, ContentId.Parse(job.SourceRoot), path, ct) : null));
        return new ArrivalView(job.Id, job.RecallOfId is not null, await SourceLabels.DescribeAsync(db, job, ct), string.IsNullOrWhiteSpace(sender) ? job.CreatedBy : sender,
            target.FinishedAt ?? job.CreatedAt, job.Strategy, target.Added, target.Updated, target.Deleted, target.Kept, shown);
    }

    /// <summary>The "name (incoming).ext" sibling that holds exactly what the source had at the path, if the student has not moved it.</summary>
    private async Task<string?> IncomingCopyAsync(ContentId current, ContentId source, string path, CancellationToken ct)
    {
        var at = StoragePath.Parse(path);
        try
        {
            var incoming = await new TreeEditor(trees, source).GetEntryAsync(at, ct);
            if (incoming is null)
                return null;
            var here = new TreeEditor(trees, current);
            if (!at.Parent.IsRoot && await here.GetEntryAsync(at.Parent, ct) is null)
                return null;
            var copy = (await here.ListAsync(at.Parent, ct)).FirstOrDefault(e =>
                TreeApplier.IsBesideName(e.Name, at.Name) && e.Kind == incoming.Kind && e.Id == incoming.Id);
            return copy is null ? null : at.Parent.Stored(copy.Name).ToString();
        }
        catch (StorageException)
        {
            return null;
        }
    }
}
