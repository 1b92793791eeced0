using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.Invitations;
using Strata.Core.Snapshots;
using Strata.Core.States;

namespace Strata.Core.Hierarchy;

public sealed record OverviewMember(Guid UserId, string Name, string Email, string Role);

/// <summary>An invitation to an instance not (yet) accepted: <c>pending</c> or <c>expired</c>.</summary>
public sealed record OverviewInvitation(Guid Id, string Email, string Role, string Status, DateTimeOffset ExpiresAt);

public sealed record OverviewLine(string Slug, string Name, InstanceKind Kind, bool Own, IReadOnlyList<OverviewMember> Members,
    IReadOnlyList<OverviewInvitation> Invitations, DateTimeOffset LastChange, DateTimeOffset? LastSnapshot, bool Idle, string CurrentStateDescription);

public enum OverviewSort
{
    Name,
    Changed,
    Snapshot,
}

public sealed record OverviewQuery(string? Search = null, OverviewSort Sort = OverviewSort.Name, int Page = 1, int PageSize = 50);

/// <summary>One page of a space's instances for its administrators: their own apart, the students' searched, sorted and paged.</summary>
public sealed record OverviewPage(IReadOnlyList<OverviewLine> Own, IReadOnlyList<OverviewLine> Others, int Total, int Matching, int Page, int Pages);

/// <summary>
/// The teacher's view of a class (issue 12): every instance with its people, open invitations, last
/// change and last snapshot. A fixed number of set queries whatever the class size (instances, members,
/// invitations, state pointers, latest snapshots), then search, sort and paging in memory.
/// </summary>
public sealed class ClassOverview(StrataDb db, AccessResolver access, TimeProvider clock)
{
    public async Task<OverviewPage> GetAsync(Actor actor, string orgSlug, string spaceSlug, OverviewQuery query, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        AccessPolicy.Demand(Act.ViewSpaceMembers, scope.Grants, scope.Org.Name, scope.Space.Name);
        var spaceId = scope.Space.Id;
        var instances = await db.Instances.AsNoTracking().Where(i => i.SpaceId == spaceId).ToListAsync(ct);
        var members = (await db.InstanceMembers.AsNoTracking()
            .Join(db.Instances.Where(i => i.SpaceId == spaceId), m => m.InstanceId, i => i.Id, (m, i) => m)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.InstanceId, u.Id, u.Name, u.Email, m.Role })
            .ToListAsync(ct)).ToLookup(m => m.InstanceId);
        var invitations = (await db.Set<InvitationGrant>().AsNoTracking()
            .Where(g => g.Kind == GrantKind.Instance && g.SpaceId == spaceId)
            .Join(db.Invitations.Where(i => i.Status == InvitationStatus.Pending), g => g.InvitationId, i => i.Id,
                (g, i) => new { g.InstanceId, i.Id, i.Email, g.Role, i.ExpiresAt, i.CreatedAt })
            .ToListAsync(ct)).ToLookup(i => i.InstanceId);
        var changed = await db.StateRefs.AsNoTracking().Where(r => r.Key.EndsWith(StateRefRow.CurrentSuffix))
            .Join(db.Instances.Where(i => i.SpaceId == spaceId), r => r.InstanceId, i => i.Id, (r, i) => new { i.Id, r.ChangedAt })
            .ToDictionaryAsync(r => r.Id, r => r.ChangedAt, ct);
        // Latest snapshot per instance: one row per snapshot is read, a few bytes each; fine at course sizes.
        var snapshots = (await db.Snapshots.AsNoTracking().Where(s => s.Type != SnapshotType.Auto)
            .Join(db.Instances.Where(i => i.SpaceId == spaceId), s => s.InstanceId, i => i.Id, (s, i) => new { s.InstanceId, s.CreatedAt })
            .ToListAsync(ct)).GroupBy(s => s.InstanceId).ToDictionary(g => g.Key, g => g.Max(s => s.CreatedAt));

        var now = clock.GetUtcNow();
        var lines = instances.Select(i =>
        {
            var people = members[i.Id].OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
                .Select(m => new OverviewMember(m.Id, m.Name, m.Email, RoleNames.Of(m.Role))).ToList();
            var open = invitations[i.Id].OrderBy(v => v.Email, StringComparer.OrdinalIgnoreCase)
                .Select(v => new OverviewInvitation(v.Id, v.Email, v.Role, now >= v.ExpiresAt ? "expired" : "pending", v.ExpiresAt)).ToList();
            var own = i.Kind != InstanceKind.Regular || people.Any(p => p.UserId == actor.UserId);
            return new OverviewLine(i.Slug, i.Name, i.Kind, own, people, open, changed.GetValueOrDefault(i.Id) ?? i.CreatedAt,
                snapshots.TryGetValue(i.Id, out var latest) ? latest : null, i.Idle, i.CurrentStateDescription);
        }).ToList();

        var ownLines = lines.Where(l => l.Own).OrderBy(l => l.Kind switch { InstanceKind.Master => 0, InstanceKind.Distributed => 1, _ => 2 })
            .ThenBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var others = lines.Where(l => !l.Own).ToList();
        var matching = Sorted(others.Where(l => Matches(l, query.Search)), query.Sort).ToList();
        var size = Math.Clamp(query.PageSize, 1, 1000);
        var pages = Math.Max(1, (matching.Count + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pages);
        return new OverviewPage(ownLines, [.. matching.Skip((page - 1) * size).Take(size)], others.Count, matching.Count, page, pages);
    }

    private static bool Matches(OverviewLine line, string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
            return true;
        var term = search.Trim();
        return line.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
            || line.Slug.Contains(term, StringComparison.OrdinalIgnoreCase)
            || line.Members.Any(m => m.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || m.Email.Contains(term, StringComparison.OrdinalIgnoreCase))
            || line.Invitations.Any(v => v.Email.Contains(term, StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<OverviewLine> Sorted(IEnumerable<OverviewLine> lines, OverviewSort sort) => sort switch
    {
        OverviewSort.Changed => lines.OrderByDescending(l => l.LastChange).ThenBy(l => l.Name, StringComparer.OrdinalIgnoreCase),
        OverviewSort.Snapshot => lines.OrderByDescending(l => l.LastSnapshot ?? DateTimeOffset.MinValue).ThenBy(l => l.Name, StringComparer.OrdinalIgnoreCase),
        _ => lines.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase),
    };
}
