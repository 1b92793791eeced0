using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.Maintenance;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Mail;
using Strata.Core.Snapshots;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Distributions;

/// <summary>
/// Runs distribution jobs. A job is claimed with a conditional update (queued, or running with an expired
/// lease), so of several workers sharing the database exactly one runs it. Each target is applied in one
/// transaction together with its outcome row, its auto snapshot, its delivery base and its notification
/// mail: a worker that dies mid-target leaves nothing of it, and a resumed job skips targets already done.
/// </summary>
public sealed class DistributionRunner(
    StrataDb db,
    IStateRefStore refs,
    StateWriter writer,
    AccessResolver access,
    ITreeStore trees,
    SnapshotService snapshots,
    StateUsage usage,
    ILinks links,
    DistributionOptions options,
    DbContextOptions<StrataDb> dbOptions,
    TimeProvider clock,
    WriteIntent intent,
    ILogger<DistributionRunner> logger)
{
    /// <summary>Claims the oldest runnable job and works on it for up to <paramref name="maxTargets"/> targets; false when there was none.</summary>
    public async Task<bool> RunNextAsync(string worker, int maxTargets, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var candidates = await db.Distributions.AsNoTracking()
            .Where(d => d.Status == DistributionStatus.Queued || (d.Status == DistributionStatus.Running && (d.LeaseOwner == worker || d.LeasedUntil < now)))
            .OrderBy(d => d.CreatedAt).Select(d => d.Id).Take(10).ToListAsync(ct);
        foreach (var id in candidates)
        {
            var until = now + options.Lease;
            var claimed = await db.Distributions
                .Where(d => d.Id == id && (d.Status == DistributionStatus.Queued || (d.Status == DistributionStatus.Running && (d.LeaseOwner == worker || d.LeasedUntil < now))))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DistributionStatus.Running).SetProperty(d => d.LeaseOwner, worker).SetProperty(d => d.LeasedUntil, until), ct);
            if (claimed == 1)
            {
                await RunAsync(id, worker, maxTargets, ct);
                return true;
            }
        }
        return false;
    }

    private async Task RunAsync(Guid id, string worker, int maxTargets, CancellationToken ct)
    {
        var job = await db.Distributions.AsNoTracking().SingleAsync(d => d.Id == id, ct);
        var pending = await db.DistributionTargets.AsNoTracking()
            .Where(t => t.DistributionId == id && t.Status == TargetStatus.Pending).OrderBy(t => t.Position).ToListAsync(ct);
        var space = await db.Spaces.AsNoTracking().SingleAsync(s => s.Id == job.SpaceId, ct);
        var org = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == job.OrgId, ct);
        var source = await SourceLabels.DescribeAsync(db, job, ct);
        if (await CreatorRefusalAsync(job, org, space, pending, ct) is { } refusal)
        {
            foreach (var target in pending)
                await RecordFailureAsync(target.Id, id, refusal, ct);
            await FinishAsync(id, ct);
            return;
        }
        var worked = 0;
        foreach (var target in pending)
        {
            if (worked == maxTargets)
                return;
            if (!await RenewLeaseAsync(db, id, worker, ct))
            {
                logger.LogWarning("Distribution {Distribution}: another worker took the job over; stopping here.", id);
                return;
            }
            if (await db.Distributions.AsNoTracking().Where(d => d.Id == id).Select(d => d.CancelRequested).SingleAsync(ct))
                break;
            await using (var lease = new LeaseKeeper(() => RenewLeaseAsync(new StrataDb(dbOptions), id, worker), options.Lease / 3, clock, logger))
                await ApplyTargetAsync(job, target, org, space, source, ct);
            worked++;
        }
        await FinishAsync(id, ct);
    }

    /// <summary>
    /// A job acts for the person who made it: when it starts (or resumes) they must still be allowed to read
    /// the source and distribute to what is left, by the same rules as when they asked. Null when they are.
    /// </summary>
    private async Task<string?> CreatorRefusalAsync(Distribution job, Organisation org, Space space, List<DistributionTarget> pending, CancellationToken ct)
    {
        if (pending.Count == 0 || job.CreatedById is not { } creatorId)
            return null;
        var creator = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == creatorId, ct);
        var who = $"{job.CreatedBy}, who made this {(job.RecallOfId is null ? "distribution" : "recall")},";
        if (creator is null || creator.DisabledAt is not null)
            return $"{who} no longer has an active account, so it was not carried out. Distribute again as yourself.";
        var actor = new Actor(creator.Id, creator.Email, creator.IsPlatformAdmin);
        try
        {
            var scope = await access.SpaceAsync(actor, org.Slug, space.Slug, ct);
            if (await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == job.SourceInstanceId, ct) is { } sourceInstance)
                AccessPolicy.Demand(Act.ReadState, scope.For(sourceInstance), org.Name, space.Name);
            if (job.AssignmentId is not null)
                AccessPolicy.Demand(Act.ManageAssignments, scope.Grants, org.Name, space.Name);
            if (pending.Count > 1 || job.Total > 1)
            {
                AccessPolicy.Demand(Act.DistributeToMany, scope.Grants, org.Name, space.Name);
            }
            else if (await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == pending[0].InstanceId, ct) is { } only)
            {
                AccessPolicy.Demand(Act.DistributeToOne, scope.For(only), org.Name, space.Name);
            }
            return null;
        }
        catch (DomainException)
        {
            return $"{who} is no longer allowed to do it, so it was not carried out. Ask an administrator of {space.Name} to distribute again.";
        }
    }

    private async Task<bool> RenewLeaseAsync(StrataDb on, Guid id, string worker, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + options.Lease;
        return await on.Distributions.Where(d => d.Id == id && d.LeaseOwner == worker)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, until), ct) == 1;
    }

    /// <summary>Renews the lease on a connection of its own, so the runner's transaction never waits for it.</summary>
    private async Task<bool> RenewLeaseAsync(StrataDb own, Guid id, string worker)
    {
        await using (own)
            return await RenewLeaseAsync(own, id, worker, CancellationToken.None);
    }

    private async Task FinishAsync(Guid id, CancellationToken ct)
    {
        var cancelled = await db.Distributions.AsNoTracking().Where(d => d.Id == id).Select(d => d.CancelRequested).SingleAsync(ct);
        if (cancelled)
        {
            await db.DistributionTargets.Where(t => t.DistributionId == id && t.Status == TargetStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TargetStatus.Cancelled), ct);
        }
        var statuses = await db.DistributionTargets.AsNoTracking().Where(t => t.DistributionId == id).Select(t => t.Status).ToListAsync(ct);
        var status = cancelled ? DistributionStatus.Cancelled
            : statuses.All(s => s == TargetStatus.Succeeded) ? DistributionStatus.Succeeded
            : statuses.All(s => s == TargetStatus.Failed) ? DistributionStatus.Failed
            : DistributionStatus.Partial;
        var now = clock.GetUtcNow();
        await db.Distributions.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status).SetProperty(d => d.FinishedAt, now)
            .SetProperty(d => d.LeaseOwner, (string?)null).SetProperty(d => d.LeasedUntil, (DateTimeOffset?)null), ct);
        logger.LogInformation("Distribution {Distribution} finished: {Status}.", id, status);
    }

    /// <summary>
    /// One target through the one state writer: the new trees (state and delivery base) are written first;
    /// then the swap, the auto snapshot, the base pointer, the outcome row and the mail commit together. A
    /// lost race re-runs the delivery from the new state; a target another worker finished is left alone.
    /// </summary>
    private async Task ApplyTargetAsync(Distribution job, DistributionTarget target, Organisation org, Space space, string source, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        try
        {
            // One intent per target, begun before its roots are read: see docs/storage.md.
            await using var holding = await intent.BeginAsync(ct);
            var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == target.InstanceId, ct)
                ?? throw new DomainException(ErrorCodes.NotFound, "The instance was deleted after the distribution was made.");
            var recalled = job.RecallOfId is null ? null : await RecalledChange.LoadAsync(db, trees, job, target, ct);
            var sourceRoot = ContentId.Parse(target.SourceRoot ?? job.SourceRoot);
            var paths = job.PathList.Select(StoragePath.Parse).ToList();
            var recorded = false;
            var overQuota = false;
            // Distributions are not held to a quota (SPEC §10): the target gets everything, and its record says it is over.
            // Measured before the swap's transaction, which must not wait on tree reads.
            Func<ContentId, ContentId, CancellationToken, Task>? measure = space.InstanceQuotaBytes is { } quota
                ? async (_, after, token) => overQuota = await usage.DistinctBytesAsync(after, token) > quota
                : null;
            var (state, outcome) = await writer.UpdateAsync(StateRefRow.CurrentOf(instance.Id), async editor =>
            {
                var baseBefore = (await refs.GetAsync(StateRefRow.DeliveredOf(instance.Id), ct))?.Root ?? Tree.EmptyId;
                var deliveryBase = new TreeEditor(trees, baseBefore, clock);
                TargetOutcome result;
                if (recalled is null)
                {
                    var report = await Delivery.ApplyAsync(editor, deliveryBase, sourceRoot, paths, job.Strategy, ct);
                    result = new TargetOutcome(report.Added, report.Updated, report.Deleted, report.Kept, report.Conflicts, baseBefore);
                }
                else
                {
                    var report = await Delivery.RecallAsync(editor, deliveryBase, recalled.Before, recalled.After, recalled.BaseBefore ?? baseBefore, ct);
                    result = new TargetOutcome(0, report.Updated, report.Deleted, report.Kept, report.Changed, baseBefore);
                }
                return result with { BaseAfter = (await deliveryBase.CommitAsync(ct)).Id };
            }, null, measure, async (before, after, result, token) =>
            {
                recorded = true;
                await RecordAsync(job, target, instance, org, space, source, before.Root, after.Root, result, overQuota, token);
            }, ct);
            if (!recorded)
            {
                // The target held all of it already: no swap, but the outcome still commits as one.
                if (measure is not null)
                    await measure(state.Root, state.Root, ct);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await intent.ConfirmAsync(ct); // the delivery base may be new trees
                await RecordAsync(job, target, instance, org, space, source, state.Root, state.Root, outcome, overQuota, ct);
                await transaction.CommitAsync(ct);
            }
        }
        catch (TargetTakenException)
        {
            logger.LogWarning("Distribution {Distribution}: instance {Instance} was finished by another worker; left as it is.", job.Id, target.InstanceSlug);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            var error = e is DomainException or StorageException ? e.Message : "An unexpected error stopped this target; the server log has the details.";
            if (e is not DomainException and not StorageException)
                logger.LogError(e, "Distribution {Distribution} failed on instance {Instance}.", job.Id, target.InstanceSlug);
            await RecordFailureAsync(target.Id, job.Id, error, ct);
        }
    }

    /// <summary>Inside the swap's transaction: claims the target (still pending, or another worker applied it) and records what happened.</summary>
    private async Task RecordAsync(Distribution job, DistributionTarget target, Instance instance, Organisation org, Space space, string source,
        ContentId before, ContentId after, TargetOutcome outcome, bool overQuota, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.DistributionTargets.Where(t => t.Id == target.Id && t.Status == TargetStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TargetStatus.Succeeded).SetProperty(t => t.FinishedAt, now), ct) == 0)
            throw new TargetTakenException();
        var row = await db.DistributionTargets.SingleAsync(t => t.Id == target.Id, ct);
        (row.Added, row.Updated, row.Deleted, row.Kept, row.Conflicts) = (outcome.Added, outcome.Updated, outcome.Deleted, outcome.Kept, string.Join('\n', outcome.Conflicts));
        (row.RootBefore, row.RootAfter, row.BaseBefore) = (before.ToString(), after.ToString(), outcome.BaseBefore.ToString());
        row.OverQuota = overQuota;
        if (job.AutoSnapshot)
        {
            var what = job.HandBack ? "hand-back" : job.RecallOfId is null ? "distribution" : "recall";
            var name = job.HandBack ? "Before feedback was handed back" : $"Before {what} from {await SourceLabels.InstanceNameAsync(db, job, ct)}";
            var safety = await snapshots.TakeAsync(instance, null, name,
                $"Automatic snapshot taken before the {what} of {source} by {job.CreatedBy}.", SnapshotType.Auto, ct, before);
            row.SafetySnapshotId = safety.Id;
        }
        var baseKey = StateRefRow.DeliveredOf(instance.Id);
        var baseRow = await db.StateRefs.SingleOrDefaultAsync(r => r.Key == baseKey, ct);
        var baseAfter = outcome.BaseAfter!.Value.ToString();
        if (baseRow is null)
            db.StateRefs.Add(new StateRefRow { Key = baseKey, Root = baseAfter, Version = 1, InstanceId = instance.Id });
        else if (baseRow.Root != baseAfter)
            (baseRow.Root, baseRow.Version) = (baseAfter, baseRow.Version + 1);
        if (job.HandBack)
        {
            await db.AssignmentTargets.Where(t => t.AssignmentId == job.AssignmentId && t.InstanceId == instance.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ReturnedAt, now), ct);
        }
        if (job.Notify && job.RecallOfId is null)
            await NotifyAsync(job, org, space, instance, row, ct);
        await db.SaveChangesAsync(ct);
        await db.Distributions.Where(d => d.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Done, d => d.Done + 1), ct);
    }

    private async Task NotifyAsync(Distribution job, Organisation org, Space space, Instance instance, DistributionTarget outcome, CancellationToken ct)
    {
        var sender = await db.Users.AsNoTracking().Where(u => u.Id == job.CreatedById).Select(u => u.Name).SingleOrDefaultAsync(ct);
        var editors = await db.InstanceMembers.AsNoTracking().Where(m => m.InstanceId == instance.Id && m.Role == InstanceRole.Editor)
            .Join(db.Users.AsNoTracking(), m => m.UserId, u => u.Id, (m, u) => u.Email).ToListAsync(ct);
        var link = links.Page($"orgs/{org.Slug}/spaces/{space.Slug}/instances/{instance.Slug}");
        var now = clock.GetUtcNow();
        var from = string.IsNullOrWhiteSpace(sender) ? job.CreatedBy : sender;
        if (job.HandBack)
        {
            var assignment = await db.Assignments.AsNoTracking().Where(a => a.Id == job.AssignmentId).Select(a => a.Name).SingleOrDefaultAsync(ct) ?? "an assignment";
            foreach (var email in editors)
                db.Outbox.Add(HandBackEmail.Compose(email, from, space.Name, instance.Name, assignment, link, now));
            return;
        }
        foreach (var email in editors)
            db.Outbox.Add(DistributionEmail.Compose(email, from, space.Name, instance.Name, job.Message, link,
                job.Strategy, job.AutoSnapshot, outcome, now));
    }

    private async Task RecordFailureAsync(Guid targetId, Guid jobId, string error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var message = error.Length > 2000 ? error[..2000] : error;
        // Only a target still pending fails: one whose change committed before the error stays succeeded.
        if (await db.DistributionTargets.Where(t => t.Id == targetId && t.Status == TargetStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, TargetStatus.Failed).SetProperty(t => t.Error, message).SetProperty(t => t.FinishedAt, now), ct) == 1)
            await db.Distributions.Where(d => d.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(d => d.Done, d => d.Done + 1), ct);
    }
}
