using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.States;
using Strata.Storage;

namespace Strata.Core.Maintenance;

/// <summary>
/// A root tree that holds content alive, and whose it is: an instance's current state, its delivery base (what it last
/// received; merge's base), one of its snapshots, a distribution's pinned source (read by recall, the arrival panel
/// and provenance long after the job finished), or a target's roots before and after the delivery (what a recall puts
/// back), what an assignment handed out, and the feedback folders graders write. <see cref="InstanceId"/> is null where only the slug is recorded. <see cref="OwnedByInstance"/> says whether
/// the instance's deletion drops it (its current state, delivery base and snapshots) or the space's records keep it.
/// </summary>
public sealed record LiveRoot(ContentId Root, Guid SpaceId, Guid? InstanceId, string Instance, string State, bool OwnedByInstance = false);

/// <summary>Every live root of the platform, read from the database (SPEC §10: what garbage collection marks from and fsck checks).</summary>
public static class LiveRoots
{
    public const string Current = "current";
    public const string Delivered = "delivered";
    public const string Feedback = "feedback";

    public static async Task<IReadOnlyList<LiveRoot>> ReadAsync(StrataDb db, CancellationToken ct)
    {
        var pointers = await (from r in db.StateRefs.AsNoTracking()
                              join i in db.Instances.AsNoTracking() on r.InstanceId equals i.Id
                              select new { r.Key, r.Root, i.Id, i.SpaceId, i.Slug }).ToListAsync(ct);
        var snapshots = await (from s in db.Snapshots.AsNoTracking()
                               join i in db.Instances.AsNoTracking() on s.InstanceId equals i.Id
                               select new { s.Id, s.Root, Instance = i.Id, i.SpaceId, i.Slug }).ToListAsync(ct);
        var sources = await db.Distributions.AsNoTracking()
            .Select(d => new { d.SourceRoot, d.SpaceId, d.SourceInstance, d.SourceState }).ToListAsync(ct);
        var targets = await (from t in db.DistributionTargets.AsNoTracking()
                             join d in db.Distributions.AsNoTracking() on t.DistributionId equals d.Id
                             where t.RootBefore != null || t.RootAfter != null || t.BaseBefore != null || t.SourceRoot != null
                             select new { d.Id, d.SpaceId, t.InstanceId, t.InstanceSlug, t.RootBefore, t.RootAfter, t.BaseBefore, t.SourceRoot }).ToListAsync(ct);
        var handouts = await db.Assignments.AsNoTracking().Select(a => new { a.Id, a.HandoutRoot, a.SpaceId, a.SourceInstance }).ToListAsync(ct);
        return
        [
            .. pointers.Select(p => new LiveRoot(ContentId.Parse(p.Root), p.SpaceId, p.Id, p.Slug,
                p.Key.EndsWith(StateRefRow.CurrentSuffix, StringComparison.Ordinal) ? Current : p.Key.Contains("/feedback/", StringComparison.Ordinal) ? Feedback : Delivered,
                OwnedByInstance: true)),
            .. snapshots.Select(s => new LiveRoot(ContentId.Parse(s.Root), s.SpaceId, s.Instance, s.Slug, s.Id.ToString(), OwnedByInstance: true)),
            .. sources.Select(d => new LiveRoot(ContentId.Parse(d.SourceRoot), d.SpaceId, null, d.SourceInstance, d.SourceState)),
            .. targets.SelectMany(t => new[] { (t.RootBefore, "before"), (t.RootAfter, "after"), (t.BaseBefore, "delivery base before"), (t.SourceRoot, "its own source") }
                .Where(r => r.Item1 is not null)
                .Select(r => new LiveRoot(ContentId.Parse(r.Item1!), t.SpaceId, t.InstanceId, t.InstanceSlug, $"distribution {t.Id} ({r.Item2})"))),
            .. handouts.Select(a => new LiveRoot(ContentId.Parse(a.HandoutRoot), a.SpaceId, null, a.SourceInstance, $"assignment {a.Id} (handed out)")),
        ];
    }
}
