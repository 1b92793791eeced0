using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Mail;
using Strata.Core.Snapshots;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Distributions;

public sealed class DistributionOptions
{
    /// <summary>How long a worker owns a job without renewing; after a crash another worker takes it over then.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Runs distribution jobs. A job is claimed with a conditional update (queued, or running with an expired
/// lease), so of several workers sharing the database exactly one runs it. Each target is applied in one
/// transaction together with its outcome row, its auto snapshot, its delivery base and its notification
/// mail: a worker that dies mid-target leaves nothing of it, and a resumed job skips targets already done.
/// </summary>
public sealed class DistributionRunner(
    StrataDb db,
    IStateRefStore refs,
    ITreeStore trees,
    SnapshotService snapshots,
    ILinks links,
    DistributionOptions options,
    TimeProvider clock,
    ILogger<DistributionRunner> logger)
{
    private const int SwapAttempts = 5;

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
        var worked = 0;
        foreach (var target in pending)
        {
            if (worked == maxTargets)
                return;
            if (!await RenewLeaseAsync(id, worker, ct))
            {
                logger.LogWarning("Distribution {Distribution}: another worker took the job over; stopping here.", id);
                return;
            }
            if (await db.Distributions.AsNoTracking().Where(d => d.Id == id).Select(d => d.CancelRequested).SingleAsync(ct))
                break;
            await ApplyTargetAsync(job, target, org, space, source, ct);
            worked++;
        }
        await FinishAsync(id, ct);
    }

    private async Task<bool> RenewLeaseAsync(Guid id, string worker, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + options.Lease;
        return await db.Distributions.Where(d => d.Id == id && d.LeaseOwner == worker)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, until), ct) == 1;
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

    private async Task ApplyTargetAsync(Distribution job, DistributionTarget target, Organisation org, Space space, string source, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                if (await TryApplyAsync(job, target, org, space, source, ct))
                {
                    await transaction.CommitAsync(ct);
                    return;
                }
                await transaction.RollbackAsync(ct);
                if (attempt == SwapAttempts)
                {
                    db.ChangeTracker.Clear();
                    await RecordFailureAsync(target.Id, job.Id, "The instance kept changing while the distribution tried to update it. Distribute to it again.", ct);
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                var error = e is DomainException or StorageException ? e.Message : "An unexpected error stopped this target; the server log has the details.";
                if (e is not DomainException and not StorageException)
                    logger.LogError(e, "Distribution {Distribution} failed on instance {Instance}.", job.Id, target.InstanceSlug);
                await RecordFailureAsync(target.Id, job.Id, error, ct);
                return;
            }
        }
    }

    /// <summary>One target, inside the caller's transaction; false when the state changed under us (the caller retries).</summary>
    private async Task<bool> TryApplyAsync(Distribution job, DistributionTarget target, Organisation org, Space space, string source, CancellationToken ct)
    {
        var instance = await db.Instances.SingleOrDefaultAsync(i => i.Id == target.InstanceId, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, "The instance was deleted after the distribution was made.");
        var key = StateRefRow.CurrentOf(instance.Id);
        var before = await refs.GetAsync(key, ct) ?? throw new InvalidOperationException($"Instance {instance.Id} has no current state.");
        var baseRow = await db.StateRefs.SingleOrDefaultAsync(r => r.Key == StateRefRow.DeliveredOf(instance.Id), ct);
        var editor = new TreeEditor(trees, before.Root, clock);
        var deliveryBase = new TreeEditor(trees, baseRow is null ? Tree.EmptyId : ContentId.Parse(baseRow.Root), clock);
        var sourceRoot = ContentId.Parse(job.SourceRoot);
        var paths = job.PathList.Select(StoragePath.Parse).ToList();

        var row = await db.DistributionTargets.SingleAsync(t => t.Id == target.Id, ct);
        var baseBefore = (await deliveryBase.CommitAsync(ct)).Id;
        if (job.RecallOfId is null)
        {
            var report = await Delivery.ApplyAsync(editor, deliveryBase, sourceRoot, paths, job.Strategy, ct);
            (row.Added, row.Updated, row.Deleted, row.Kept, row.Conflicts) = (report.Added, report.Updated, report.Deleted, report.Kept, string.Join('\n', report.Conflicts));
        }
        else
        {
            var change = await RecalledChange.LoadAsync(db, trees, job, target, ct);
            var report = await Delivery.RecallAsync(editor, deliveryBase, change.Before, change.After, change.BaseBefore ?? baseBefore, ct);
            (row.Updated, row.Deleted, row.Kept, row.Conflicts) = (report.Updated, report.Deleted, report.Kept, string.Join('\n', report.Changed));
        }

        var (newRoot, _) = await editor.CommitAsync(ct);
        if (newRoot != before.Root && !await refs.TryCompareAndSwapAsync(key, before.Version, newRoot, ct))
            return false;
        (row.RootBefore, row.RootAfter, row.BaseBefore) = (before.Root.ToString(), newRoot.ToString(), baseBefore.ToString());
        if (job.AutoSnapshot)
        {
            var what = job.RecallOfId is null ? "distribution" : "recall";
            var safety = await snapshots.TakeAsync(instance, null, $"Before {what} from {await SourceLabels.InstanceNameAsync(db, job, ct)}",
                $"Automatic snapshot taken before the {what} of {source} by {job.CreatedBy}.", SnapshotType.Auto, ct, before.Root);
            row.SafetySnapshotId = safety.Id;
        }
        var (baseRoot, _) = await deliveryBase.CommitAsync(ct);
        if (baseRow is null)
            db.StateRefs.Add(new StateRefRow { Key = StateRefRow.DeliveredOf(instance.Id), Root = baseRoot.ToString(), Version = 1, InstanceId = instance.Id });
        else if (baseRow.Root != baseRoot.ToString())
            (baseRow.Root, baseRow.Version) = (baseRoot.ToString(), baseRow.Version + 1);
        if (job.Notify && job.RecallOfId is null)
            await NotifyAsync(job, org, space, instance, row, ct);
        row.Status = TargetStatus.Succeeded;
        row.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await db.Distributions.Where(d => d.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Done, d => d.Done + 1), ct);
        return true;
    }

    private async Task NotifyAsync(Distribution job, Organisation org, Space space, Instance instance, DistributionTarget outcome, CancellationToken ct)
    {
        var sender = await db.Users.AsNoTracking().Where(u => u.Id == job.CreatedById).Select(u => u.Name).SingleOrDefaultAsync(ct);
        var editors = await db.InstanceMembers.AsNoTracking().Where(m => m.InstanceId == instance.Id && m.Role == InstanceRole.Editor)
            .Join(db.Users.AsNoTracking(), m => m.UserId, u => u.Id, (m, u) => u.Email).ToListAsync(ct);
        var link = links.Page($"orgs/{org.Slug}/spaces/{space.Slug}/instances/{instance.Slug}");
        var now = clock.GetUtcNow();
        foreach (var email in editors)
            db.Outbox.Add(DistributionEmail.Compose(email, string.IsNullOrWhiteSpace(sender) ? job.CreatedBy : sender, space.Name, instance.Name, job.Message, link,
                job.Strategy, job.AutoSnapshot, outcome, now));
    }

    private async Task RecordFailureAsync(Guid targetId, Guid jobId, string error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var message = error.Length > 2000 ? error[..2000] : error;
        await db.DistributionTargets.Where(t => t.Id == targetId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Status, TargetStatus.Failed).SetProperty(t => t.Error, message).SetProperty(t => t.FinishedAt, now), ct);
        await db.Distributions.Where(d => d.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(d => d.Done, d => d.Done + 1), ct);
    }
}
