using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Core.Maintenance;
using Strata.Core.States;
using Strata.Storage;

namespace Strata.Core.Usage;

/// <summary>An instance's figures in a space's table: null until a count has seen it.</summary>
public sealed record InstanceUsageView(string Instance, string Name, long? ReferencedBytes, long? UniqueBytes, bool ChangedSinceCount);

/// <summary>A snapshot's size (read from its tree) and what it alone holds (from the last count; null before one saw it).</summary>
public sealed record SnapshotUsageView(Guid Id, string Name, long ReferencedBytes, long? UniqueBytes);

/// <summary>
/// A space's storage as of <see cref="CountedAt"/> (null: never counted). <see cref="ChangedSinceCount"/>: an instance
/// was added, removed or changed since; <see cref="Counting"/>: a count is queued or running.
/// </summary>
public sealed record SpaceStorageView(long? ReferencedBytes, long? UniqueBytes, DateTimeOffset? CountedAt, bool ChangedSinceCount, bool Counting,
    IReadOnlyList<InstanceUsageView> Instances);

/// <summary>An instance's storage: <see cref="CurrentBytes"/> and the snapshots' sizes now, the rest as of the last count.</summary>
public sealed record InstanceStorageView(string Instance, long? ReferencedBytes, long? UniqueBytes, long CurrentBytes, long? QuotaBytes,
    DateTimeOffset? CountedAt, bool ChangedSinceCount, bool Counting, IReadOnlyList<SnapshotUsageView> Snapshots);

/// <summary>
/// Storage accounting (SPEC §10): a file's bytes count once however many states hold it; "unique" bytes are held by
/// the scope and by nothing else on the platform — what deleting it would free once garbage collection runs. Answers
/// come from the figures of the last storage count (<see cref="UsageCounter"/>) and from the scope's own rows and
/// trees, so they take time proportional to the scope, never to the platform. Looking at figures that are missing or
/// out of date queues a count (one at a time).
/// </summary>
public sealed class StorageUsage(StrataDb db, AccessResolver access, StateUsage states, MaintenanceSignal signal, TimeProvider clock)
{
    public async Task<SpaceStorageView> SpaceAsync(Actor actor, string org, string space, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, org, space, ct);
        AccessPolicy.Demand(Act.ViewSpaceStorage, scope.Grants, scope.Org.Name, scope.Space.Name);
        var spaceId = scope.Space.Id;
        // Sorted here, not by the database: its collation differs between SQLite and PostgreSQL.
        var instances = (await db.Instances.AsNoTracking().Where(i => i.SpaceId == spaceId).Select(i => new { i.Id, i.Slug, i.Name }).ToListAsync(ct))
            .OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Slug, StringComparer.Ordinal).ToList();
        var figures = await db.UsageFigures.AsNoTracking().Where(f => f.SpaceId == spaceId && f.Scope != UsageScope.Snapshot).ToListAsync(ct);
        var spaceFigure = figures.SingleOrDefault(f => f.Scope == UsageScope.Space);
        var byInstance = figures.Where(f => f.Scope == UsageScope.Instance).ToDictionary(f => f.ScopeId);
        var digests = await DigestsAsync(db.Instances.Where(i => i.SpaceId == spaceId).Select(i => i.Id), ct);
        var rows = instances.Select(i =>
        {
            var figure = byInstance.GetValueOrDefault(i.Id);
            return new InstanceUsageView(i.Slug, i.Name, figure?.ReferencedBytes, figure?.HeldAloneBytes, figure?.Roots != digests.GetValueOrDefault(i.Id));
        }).ToList();
        var changed = spaceFigure is null || rows.Any(r => r.ChangedSinceCount) || byInstance.Keys.Any(id => !digests.ContainsKey(id));
        var counting = await CountWhenOutOfDateAsync(changed, ct);
        return new SpaceStorageView(spaceFigure?.ReferencedBytes, spaceFigure?.HeldAloneBytes, spaceFigure?.CountedAt, changed, counting, rows);
    }

    /// <summary>With <paramref name="queueCount"/> false (a panel on a page people open all day) out-of-date figures are shown as such, not recounted.</summary>
    public async Task<InstanceStorageView> InstanceAsync(Actor actor, InstanceAddress at, CancellationToken ct, bool queueCount = true)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ViewInstanceStorage, scope.Grants, scope.Org.Name, scope.Space.Name);
        var instanceId = scope.Instance.Id;
        var figures = await db.UsageFigures.AsNoTracking().Where(f => f.InstanceId == instanceId).ToListAsync(ct);
        var figure = figures.SingleOrDefault(f => f.Scope == UsageScope.Instance);
        var snapshotFigures = figures.Where(f => f.Scope == UsageScope.Snapshot).ToDictionary(f => f.ScopeId);
        var snapshots = await db.Snapshots.AsNoTracking().Where(s => s.InstanceId == instanceId)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Select(s => new { s.Id, s.Name, s.Root }).ToListAsync(ct);
        var currentKey = StateRefRow.CurrentOf(instanceId);
        var current = await db.StateRefs.AsNoTracking().Where(r => r.Key == currentKey).Select(r => r.Root).SingleAsync(ct);
        var snapshotViews = new List<SnapshotUsageView>();
        foreach (var s in snapshots)
            snapshotViews.Add(new SnapshotUsageView(s.Id, s.Name, await states.DistinctBytesAsync(ContentId.Parse(s.Root), ct), snapshotFigures.GetValueOrDefault(s.Id)?.HeldAloneBytes));
        var digests = await DigestsAsync(db.Instances.Where(i => i.Id == instanceId).Select(i => i.Id), ct);
        var changed = figure?.Roots != digests.GetValueOrDefault(instanceId);
        var counting = await CountWhenOutOfDateAsync(changed && queueCount, ct);
        return new InstanceStorageView(scope.Instance.Slug, figure?.ReferencedBytes, figure?.HeldAloneBytes, await states.DistinctBytesAsync(ContentId.Parse(current), ct),
            scope.Space.InstanceQuotaBytes, figure?.CountedAt, changed, counting, snapshotViews);
    }

    /// <summary>The digest of each instance's own roots now (current state, delivery base, snapshots), for instances chosen by <paramref name="ids"/>.</summary>
    private async Task<Dictionary<Guid, string>> DigestsAsync(IQueryable<Guid> ids, CancellationToken ct)
    {
        var pointers = await db.StateRefs.AsNoTracking().Where(r => r.InstanceId != null && ids.Contains(r.InstanceId.Value))
            .Select(r => new { Instance = r.InstanceId!.Value, r.Root }).ToListAsync(ct);
        var snapshots = await db.Snapshots.AsNoTracking().Where(s => ids.Contains(s.InstanceId)).Select(s => new { Instance = s.InstanceId, s.Root }).ToListAsync(ct);
        return pointers.Concat(snapshots).GroupBy(r => r.Instance).ToDictionary(g => g.Key, g => RootsDigest.Of(g.Select(r => r.Root)));
    }

    /// <summary>Whether a count is queued or running, after queueing one when the figures looked at are out of date and none is.</summary>
    private async Task<bool> CountWhenOutOfDateAsync(bool outOfDate, CancellationToken ct)
    {
        var pending = await db.MaintenanceRuns.AsNoTracking()
            .AnyAsync(r => r.Kind == MaintenanceKind.Usage && (r.Status == MaintenanceStatus.Queued || r.Status == MaintenanceStatus.Running), ct);
        if (pending || !outOfDate)
            return pending;
        db.MaintenanceRuns.Add(new MaintenanceRun { Kind = MaintenanceKind.Usage, Status = MaintenanceStatus.Queued, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return true;
    }
}
