using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.Hierarchy;

namespace Strata.Core.Invitations;

/// <summary>Reads, describes, authorizes and applies the grants an invitation carries.</summary>
public sealed class InvitationGrants(StrataDb db, AccessResolver access)
{
    public static bool Matches(InvitationGrant grant, InvitationTarget target) =>
        grant.Kind == target.Kind && grant.SpaceId == target.Space?.Id && grant.InstanceId == target.Instance?.Id;

    public async Task<IReadOnlyList<InvitationView>> ViewsAsync(IReadOnlyList<Invitation> invitations, CancellationToken ct)
    {
        var targets = await TargetsAsync(invitations, ct);
        return [.. invitations.Select(i => new InvitationView(i.Id, i.Email,
            [.. i.Grants.Select(g => targets[g.Id].View(g.Role))], i.Status.ToString().ToLowerInvariant(), i.CreatedAt, i.ExpiresAt))];
    }

    public async Task<IReadOnlyList<GrantView>> GrantViewsAsync(Invitation invitation, CancellationToken ct)
    {
        var targets = await TargetsAsync([invitation], ct);
        return [.. invitation.Grants.Select(g => targets[g.Id].View(g.Role))];
    }

    public async Task<IReadOnlyList<string>> DescribeAsync(Invitation invitation, CancellationToken ct)
    {
        var targets = await TargetsAsync([invitation], ct);
        return [.. invitation.Grants.Select(g => targets[g.Id].Describe(g.Role))];
    }

    /// <summary>Whoever could have sent every grant of it may resend or revoke it.</summary>
    public async Task<bool> CallerMaySendAsync(Actor actor, Invitation invitation, CancellationToken ct)
    {
        var targets = await TargetsAsync([invitation], ct);
        foreach (var grant in invitation.Grants)
        {
            var target = targets[grant.Id];
            if (target.Space is null)
            {
                var role = await access.OrgRoleAsync(actor, target.Org.Id, ct);
                if (!AccessPolicy.May(Act.InviteToOrg, Grants.None with { OrgRole = role, PlatformAdmin = actor.IsPlatformAdmin }))
                    return false;
            }
            else
            {
                var scope = await access.ScopeAsync(actor, target.Org, target.Space, ct);
                if (!AccessPolicy.May(Act.InviteToSpace, scope.Grants))
                    return false;
            }
        }
        return true;
    }

    /// <summary>Gives the user every role the invitation carries, never lowering a role they already hold.</summary>
    public async Task ApplyAsync(Invitation invitation, Guid userId, CancellationToken ct)
    {
        foreach (var grant in invitation.Grants)
        {
            switch (grant.Kind)
            {
                case GrantKind.Org:
                    var role = Enum.Parse<OrgRole>(grant.Role, ignoreCase: true);
                    var member = await db.OrgMembers.SingleOrDefaultAsync(m => m.OrgId == invitation.OrgId && m.UserId == userId, ct);
                    if (member is null)
                        db.OrgMembers.Add(new OrgMember { OrgId = invitation.OrgId, UserId = userId, Role = role });
                    else if (member.Role < role)
                        member.Role = role;
                    break;
                case GrantKind.SpaceAdmin:
                    if (!await db.SpaceAdmins.AnyAsync(a => a.SpaceId == grant.SpaceId && a.UserId == userId, ct))
                        db.SpaceAdmins.Add(new SpaceAdmin { SpaceId = grant.SpaceId!.Value, UserId = userId });
                    break;
                default:
                    var instanceRole = Enum.Parse<InstanceRole>(grant.Role, ignoreCase: true);
                    var existing = await db.InstanceMembers.SingleOrDefaultAsync(m => m.InstanceId == grant.InstanceId && m.UserId == userId, ct);
                    if (existing is null)
                        db.InstanceMembers.Add(new InstanceMember { InstanceId = grant.InstanceId!.Value, UserId = userId, Role = instanceRole });
                    else if (existing.Role < instanceRole)
                        existing.Role = instanceRole;
                    break;
            }
        }
    }

    private async Task<Dictionary<long, InvitationTarget>> TargetsAsync(IReadOnlyList<Invitation> invitations, CancellationToken ct)
    {
        var orgIds = invitations.Select(i => i.OrgId).Distinct().ToList();
        var allGrants = invitations.SelectMany(i => i.Grants).ToList();
        var spaceIds = allGrants.Where(g => g.SpaceId is not null).Select(g => g.SpaceId!.Value).ToList();
        var instanceIds = allGrants.Where(g => g.InstanceId is not null).Select(g => g.InstanceId!.Value).ToList();
        var instances = await Tracked(db.Instances, i => instanceIds.Contains(i.Id), ct);
        spaceIds.AddRange(instances.Values.Select(i => i.SpaceId));
        var spaces = await Tracked(db.Spaces, s => spaceIds.Contains(s.Id), ct);
        var orgs = await Tracked(db.Organisations, o => orgIds.Contains(o.Id), ct);

        var result = new Dictionary<long, InvitationTarget>();
        foreach (var invitation in invitations)
        {
            foreach (var grant in invitation.Grants)
            {
                var instance = grant.InstanceId is { } instanceId ? instances[instanceId] : null;
                var space = grant.SpaceId is { } spaceId ? spaces[spaceId] : instance is not null ? spaces[instance.SpaceId] : null;
                result[grant.Id] = new InvitationTarget(grant.Kind, orgs[invitation.OrgId], space, instance);
            }
        }
        return result;
    }

    /// <summary>Rows by id, including ones added in this unit of work and not saved yet.</summary>
    private static async Task<Dictionary<Guid, T>> Tracked<T>(DbSet<T> set, System.Linq.Expressions.Expression<Func<T, bool>> filter, CancellationToken ct)
        where T : class
    {
        var compiled = filter.Compile();
        var rows = set.Local.Where(compiled).ToList();
        rows.AddRange(await set.Where(filter).ToListAsync(ct));
        return rows.DistinctBy(Id).ToDictionary(Id);
    }

    private static Guid Id<T>(T row) => row switch
    {
        Instance i => i.Id,
        Space s => s.Id,
        Organisation o => o.Id,
        _ => throw new InvalidOperationException($"No id for {typeof(T).Name}."),
    };
}
