using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;

namespace Strata.Core.Maintenance;

/// <summary>
/// The collector's one row: a lease that makes collections exclusive across nodes (two sweeps at once would break the
/// purge's condition), and the schedule, claimed with a conditional update so one node queues each scheduled run.
/// </summary>
public static class CollectorSchedule
{
    public static async Task<bool> TryTakeLeaseAsync(StrataDb db, string worker, DateTimeOffset until, DateTimeOffset now, CancellationToken ct) =>
        await db.CollectorState.Where(s => s.Id == CollectorState.TheOne && (s.Owner == null || s.Owner == worker || s.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Owner, worker).SetProperty(c => c.LeasedUntil, until), ct) == 1;

    public static async Task<bool> RenewLeaseAsync(StrataDb db, string worker, DateTimeOffset until) =>
        await db.CollectorState.Where(s => s.Id == CollectorState.TheOne && s.Owner == worker)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeasedUntil, until)) == 1;

    public static Task ReleaseLeaseAsync(StrataDb db, string worker, CancellationToken ct) =>
        db.CollectorState.Where(s => s.Id == CollectorState.TheOne && s.Owner == worker)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Owner, (string?)null).SetProperty(c => c.LeasedUntil, (DateTimeOffset?)null), ct);

    /// <summary>
    /// Queues a collection when the schedule says one is due (the first look only sets when: a new installation has
    /// nothing to collect); the node whose conditional update moves the due time is the one that queues it.
    /// </summary>
    public static async Task QueueWhenDueAsync(StrataDb db, TimeSpan interval, TimeProvider clock, CancellationToken ct)
    {
        if (interval <= TimeSpan.Zero)
            return;
        var now = clock.GetUtcNow();
        var due = await db.CollectorState.AsNoTracking().Where(s => s.Id == CollectorState.TheOne).Select(s => s.NextRunAt).SingleOrDefaultAsync(ct);
        if (due is null)
        {
            await db.CollectorState.Where(s => s.Id == CollectorState.TheOne && s.NextRunAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextRunAt, now + interval), ct);
            return;
        }
        if (due > now)
            return;
        if (await db.CollectorState.Where(s => s.Id == CollectorState.TheOne && s.NextRunAt == due)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextRunAt, now + interval), ct) != 1)
            return;
        db.MaintenanceRuns.Add(new MaintenanceRun { Kind = MaintenanceKind.Gc, Status = MaintenanceStatus.Queued, CreatedAt = now });
        await db.SaveChangesAsync(ct);
    }
}
