using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Maintenance;

namespace Strata.Core.Assignments;

/// <summary>
/// Collection at the deadline (SPEC §12), run by a background worker on every node. Each target records the deadline it
/// was collected for; a worker claims a target with a conditional update of that column, in the same transaction that
/// adds its collected hand-in, so of several workers exactly one collects it — and a deadline moved later (by a
/// PATCH or an extension) is collected again when it passes. A target is collected unless it has a hand-in of its own or
/// was collected at or after this deadline (an early "collect now" does not stand in for the deadline).
/// </summary>
public sealed class DeadlineCollector(StrataDb db, HandInService handIns, AuditLog audit, TimeProvider clock, WriteIntent intent, ILogger<DeadlineCollector> logger)
{
    /// <summary>Targets claimed per transaction.</summary>
    public const int Batch = 200;

    /// <summary>Collects the targets of one assignment whose deadline has passed; false when there were none anywhere.</summary>
    public async Task<bool> CollectDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await (from t in db.AssignmentTargets.AsNoTracking()
                         join a in db.Assignments.AsNoTracking() on t.AssignmentId equals a.Id
                         where (t.DueAt ?? a.DueAt) <= now && (t.CollectedFor == null || t.CollectedFor != (t.DueAt ?? a.DueAt))
                         orderby a.Id, t.Id
                         select new { t.Id, t.AssignmentId, t.InstanceId, Due = t.DueAt ?? a.DueAt }).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
            return false;
        var assignmentId = due[0].AssignmentId;
        var mine = due.Where(d => d.AssignmentId == assignmentId).ToList();
        var assignment = await db.Assignments.AsNoTracking().SingleAsync(a => a.Id == assignmentId, ct);

        db.ChangeTracker.Clear();
        await intent.BeginAsync(ct);
        var waiting = await handIns.WaitingAsync(assignmentId, mine.ToDictionary(d => d.InstanceId, d => d.Due), ct);
        // The tree work first, outside the transaction that claims: it holds the database's write lock.
        var prepared = new Dictionary<Guid, (Hierarchy.Instance Instance, Frozen Frozen)>();
        foreach (var instance in waiting)
            prepared[instance.Id] = (instance, await handIns.PrepareAsync(assignment, instance, ct));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var collected = 0;
        foreach (var target in mine)
        {
            var claimed = await db.AssignmentTargets
                .Where(t => t.Id == target.Id && (t.CollectedFor == null || t.CollectedFor != target.Due))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.CollectedFor, target.Due), ct) == 1;
            if (claimed && prepared.TryGetValue(target.InstanceId, out var one))
            {
                await handIns.StageAsync(assignment, one.Instance, one.Frozen, HandInKind.Collected, late: false, actor: null, now, ct);
                collected++;
            }
        }
        if (collected > 0)
            audit.Record(assignment.OrgId, null, "assignment.collected", $"assignment \"{assignment.Name}\"", $"at the deadline: {Counted.Of(collected, "instance")} without a hand-in");
        await intent.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Assignment {Assignment}: deadline passed for {Targets} targets, {Collected} collected.", assignmentId, mine.Count, collected);
        return true;
    }
}
