using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Storage;

namespace Strata.Core.Maintenance;

/// <summary>
/// Records roots that stop being live, in the transaction that drops them, so the collector marks from them for a while
/// longer (docs/storage.md). Every place a root stops being live calls one of these: the state pointer's swap, and the
/// deletion of a snapshot, an instance or a space.
/// </summary>
public static class DroppedRoots
{
    /// <summary>Stages rows for the roots (each once); they commit with the caller's changes.</summary>
    public static void Record(StrataDb db, IEnumerable<string> roots, DateTimeOffset at)
    {
        foreach (var root in roots.Distinct(StringComparer.Ordinal).Where(r => r != Storage.Trees.Tree.EmptyId.ToString()))
            db.DroppedRoots.Add(new DroppedRoot { Root = root, DroppedAt = at });
    }

    public static void Record(StrataDb db, ContentId root, DateTimeOffset at) => Record(db, [root.ToString()], at);

    /// <summary>An instance's pointers and snapshots, before it is deleted.</summary>
    public static async Task RecordInstanceAsync(StrataDb db, Guid instanceId, DateTimeOffset at, CancellationToken ct)
    {
        var pointers = await db.StateRefs.AsNoTracking().Where(r => r.InstanceId == instanceId).Select(r => r.Root).ToListAsync(ct);
        var snapshots = await db.Snapshots.AsNoTracking().Where(s => s.InstanceId == instanceId).Select(s => s.Root).ToListAsync(ct);
        Record(db, [.. pointers, .. snapshots], at);
    }

    /// <summary>Every root a space holds (its instances' pointers and snapshots, its distributions' and assignments' roots), before it is deleted.</summary>
    public static async Task RecordSpaceAsync(StrataDb db, Guid spaceId, DateTimeOffset at, CancellationToken ct)
    {
        var instances = db.Instances.AsNoTracking().Where(i => i.SpaceId == spaceId).Select(i => i.Id);
        var pointers = await db.StateRefs.AsNoTracking().Where(r => r.InstanceId != null && instances.Contains(r.InstanceId.Value)).Select(r => r.Root).ToListAsync(ct);
        var snapshots = await db.Snapshots.AsNoTracking().Where(s => instances.Contains(s.InstanceId)).Select(s => s.Root).ToListAsync(ct);
        var distributions = db.Distributions.AsNoTracking().Where(d => d.SpaceId == spaceId);
        var sources = await distributions.Select(d => d.SourceRoot).ToListAsync(ct);
        var targets = await db.DistributionTargets.AsNoTracking().Where(t => distributions.Any(d => d.Id == t.DistributionId))
            .Select(t => new { t.RootBefore, t.RootAfter, t.BaseBefore, t.SourceRoot }).ToListAsync(ct);
        var handouts = await db.Assignments.AsNoTracking().Where(a => a.SpaceId == spaceId).Select(a => a.HandoutRoot).ToListAsync(ct);
        Record(db, [.. pointers, .. snapshots, .. sources, .. handouts,
            .. targets.SelectMany(t => new[] { t.RootBefore, t.RootAfter, t.BaseBefore, t.SourceRoot }).OfType<string>()], at);
    }
}
