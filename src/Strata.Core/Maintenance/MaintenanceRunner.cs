using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Storage;
using Strata.Storage.Blobs;
using Strata.Storage.Integrity;
using Strata.Storage.Trees;

namespace Strata.Core.Maintenance;

/// <summary>
/// Runs queued maintenance runs, one at a time per worker: claims the oldest (or one whose node died: its lease ran
/// out) with a conditional update, keeps its lease and progress fresh from a connection of its own while it works,
/// and records the outcome. A run taken over starts again from the beginning; an integrity check changes nothing,
/// so running part of it twice is harmless, and a collection's moves are safe to repeat. Collections also hold the one
/// collector lease, so two never run at once anywhere; this runner also queues the scheduled ones.
/// </summary>
public sealed class MaintenanceRunner(
    StrataDb db,
    DbContextOptions<StrataDb> dbOptions,
    ITreeStore trees,
    IBlobStore blobs,
    DistributionOptions options,
    GarbageCollector collector,
    Usage.UsageCounter counter,
    CollectorOptions collection,
    TimeProvider clock,
    ILogger<MaintenanceRunner> logger)
{
    /// <summary>At most this many missing (and as many corrupt) objects are named in a report, each with at most <see cref="MaxReferences"/> states.</summary>
    public const int MaxFindings = 1000;

    public const int MaxReferences = 50;

    /// <summary>Claims the oldest runnable run and works it to the end; false when there was none.</summary>
    public async Task<bool> RunNextAsync(string worker, CancellationToken ct)
    {
        await CollectorSchedule.QueueWhenDueAsync(db, collection.Interval, clock, ct);
        var now = clock.GetUtcNow();
        var candidates = await db.MaintenanceRuns.AsNoTracking()
            .Where(r => r.Status == MaintenanceStatus.Queued || (r.Status == MaintenanceStatus.Running && r.LeasedUntil < now))
            .OrderBy(r => r.CreatedAt).Select(r => new { r.Id, r.Kind }).Take(5).ToListAsync(ct);
        foreach (var (id, kind) in candidates.Select(c => (c.Id, c.Kind)))
        {
            if (kind == MaintenanceKind.Gc && !await CollectorSchedule.TryTakeLeaseAsync(db, worker, now + options.Lease, now, ct))
                continue; // another node is collecting; this one waits its turn
            var claimed = await db.MaintenanceRuns
                .Where(r => r.Id == id && (r.Status == MaintenanceStatus.Queued || (r.Status == MaintenanceStatus.Running && r.LeasedUntil < now)))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, MaintenanceStatus.Running).SetProperty(r => r.LeaseOwner, worker)
                    .SetProperty(r => r.LeasedUntil, now + options.Lease).SetProperty(r => r.StartedAt, now).SetProperty(r => r.ObjectsDone, 0L), ct);
            if (claimed == 1)
            {
                await RunAsync(id, worker, ct);
                return true;
            }
            if (kind == MaintenanceKind.Gc)
                await CollectorSchedule.ReleaseLeaseAsync(db, worker, ct);
        }
        return false;
    }

    private async Task RunAsync(Guid id, string worker, CancellationToken ct)
    {
        var run = await db.MaintenanceRuns.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        var done = new LatestCount();
        var collecting = run.Kind == MaintenanceKind.Gc;
        try
        {
            string report;
            GcReport? collected = null;
            await using (new LeaseKeeper(() => RenewAsync(id, worker, collecting, done.Value), options.Lease / 3, clock, logger))
            {
                if (collecting)
                {
                    collected = await collector.RunAsync(run.DryRun, done, () => RenewAsync(id, worker, collecting, done.Value), ct);
                    done.Report(collected.ObjectsMarked);
                    report = JsonSerializer.Serialize(collected, StorageMaintenance.Json);
                }
                else if (run.Kind == MaintenanceKind.Usage)
                {
                    report = JsonSerializer.Serialize(await counter.RunAsync(done, ct), StorageMaintenance.Json);
                }
                else
                {
                    report = await CheckAsync(done, ct);
                }
            }
            await FinishAsync(id, worker, MaintenanceStatus.Succeeded, done.Value, report, error: null, ct, collected);
            if (run.Kind == MaintenanceKind.Usage)
            {
                // Counts are queued whenever figures looked at are out of date: only the newest one is worth keeping.
                await db.MaintenanceRuns.Where(r => r.Kind == MaintenanceKind.Usage && r.Id != id && r.FinishedAt != null && r.CreatedAt < run.CreatedAt)
                    .ExecuteDeleteAsync(ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever stopped it, the run ends here as failed: left running, its lease would run out and every node
            // would take it up again, forever.
            logger.LogError(e, "Maintenance run {Id} ({Kind}) failed.", id, run.Kind);
            var reason = e is StorageException or DomainException or NotSupportedException ? e.Message : $"{e.GetType().Name}: {e.Message} (the server log has the details)";
            await FinishAsync(id, worker, MaintenanceStatus.Failed, done.Value, report: null, reason.Length <= 2000 ? reason : reason[..1999] + "…", CancellationToken.None);
        }
        finally
        {
            if (collecting)
                await CollectorSchedule.ReleaseLeaseAsync(db, worker, CancellationToken.None);
        }
    }

    /// <summary>Checks every object reachable from a live root, and names the states each damaged one breaks.</summary>
    private async Task<string> CheckAsync(LatestCount done, CancellationToken ct)
    {
        var roots = await LiveRoots.ReadAsync(db, ct);
        logger.LogInformation("Integrity check: {Roots} live roots ({Distinct} distinct).", roots.Count, roots.Select(r => r.Root).Distinct().Count());
        using var check = new IntegrityCheck(trees, blobs);
        var report = await check.RunAsync(roots.Select(r => r.Root), done, ct);
        logger.LogInformation("Integrity check: {Objects} objects read, {Problems} damaged.", report.ObjectsChecked, report.Problems.Count);
        done.Report(report.ObjectsChecked);
        return JsonSerializer.Serialize(await NameAsync(report, roots, ct), StorageMaintenance.Json);
    }

    private async Task<FsckFindings> NameAsync(IntegrityReport report, IReadOnlyList<LiveRoot> roots, CancellationToken ct)
    {
        if (report.Clean)
            return FsckFindings.None;
        var damaged = roots.Where(r => report.ProblemsBeneath.ContainsKey(r.Root)).ToList();
        var spaceIds = damaged.Select(r => r.SpaceId).Distinct().ToList();
        var spaces = await (from s in db.Spaces.AsNoTracking()
                            join o in db.Organisations.AsNoTracking() on s.OrgId equals o.Id
                            where spaceIds.Contains(s.Id)
                            select new { s.Id, Space = s.Slug, Org = o.Slug }).ToDictionaryAsync(s => s.Id, ct);
        var referencedBy = new Dictionary<ContentId, List<StateReference>>();
        foreach (var root in damaged)
        {
            var space = spaces[root.SpaceId];
            var reference = new StateReference(space.Org, space.Space, root.Instance, root.State);
            foreach (var bad in report.ProblemsBeneath[root.Root])
            {
                if (!referencedBy.TryGetValue(bad, out var list))
                    referencedBy[bad] = list = [];
                if (!list.Contains(reference))
                    list.Add(reference);
            }
        }
        ObjectFinding Finding(ObjectProblem p) => new(p.Id.ToString(), p.IsFolder ? "folder" : "file",
            [.. referencedBy.GetValueOrDefault(p.Id, []).OrderBy(r => r.Org, StringComparer.Ordinal).ThenBy(r => r.Space, StringComparer.Ordinal)
                .ThenBy(r => r.Instance, StringComparer.Ordinal).ThenBy(r => StateRank(r.State)).ThenBy(r => r.State, StringComparer.Ordinal).Take(MaxReferences)]);
        // A store that lost a whole folder of objects would make a report of millions of lines: the first ones name the damage.
        return new FsckFindings(
            [.. report.Problems.Where(p => p.Kind == ObjectProblemKind.Missing).Take(MaxFindings).Select(Finding)],
            [.. report.Problems.Where(p => p.Kind == ObjectProblemKind.Corrupt).Take(MaxFindings).Select(Finding)]);
    }

    /// <summary>The current state first, then the delivery base, then snapshots (oldest first: their ids grow with time).</summary>
    private static int StateRank(string state) => state switch
    {
        LiveRoots.Current => 0,
        LiveRoots.Delivered => 1,
        _ => 2,
    };

    private async Task<bool> RenewAsync(Guid id, string worker, bool collecting, long objectsDone)
    {
        await using var own = new StrataDb(dbOptions);
        var until = clock.GetUtcNow() + options.Lease;
        var run = await own.MaintenanceRuns.Where(r => r.Id == id && r.LeaseOwner == worker && r.Status == MaintenanceStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeasedUntil, until).SetProperty(r => r.ObjectsDone, objectsDone)) == 1;
        return run && (!collecting || await CollectorSchedule.RenewLeaseAsync(own, worker, until));
    }

    private async Task FinishAsync(Guid id, string worker, MaintenanceStatus status, long objectsDone, string? report, string? error, CancellationToken ct,
        GcReport? collected = null)
    {
        var (blobsDeleted, treesDeleted, bytesReclaimed) = collected is null ? (0L, 0L, 0L) : (collected.BlobsDeleted, collected.TreesDeleted, collected.BytesReclaimed);
        var finished = await db.MaintenanceRuns.Where(r => r.Id == id && r.LeaseOwner == worker && r.Status == MaintenanceStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.FinishedAt, clock.GetUtcNow())
                .SetProperty(r => r.ObjectsDone, objectsDone).SetProperty(r => r.Report, report).SetProperty(r => r.Error, error)
                .SetProperty(r => r.BlobsDeleted, blobsDeleted).SetProperty(r => r.TreesDeleted, treesDeleted).SetProperty(r => r.BytesReclaimed, bytesReclaimed)
                .SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeasedUntil, (DateTimeOffset?)null), ct);
        if (finished == 0)
            logger.LogWarning("Maintenance run {Id} was taken over by another worker before this one finished; its outcome stands.", id);
    }

    /// <summary>The newest progress figure, read by the lease keeper when it renews.</summary>
    private sealed class LatestCount : IProgress<long>
    {
        private long value;

        public long Value => Interlocked.Read(ref value);

        public void Report(long count) => Interlocked.Exchange(ref value, count);
    }
}
