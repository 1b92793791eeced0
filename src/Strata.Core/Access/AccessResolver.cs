using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;

namespace Strata.Core.Access;

/// <summary>
/// Loads a resource by its slugs together with what the caller holds on it. One resolver serves one
/// request (or one job step): a page that asks several services resolves each space once, and every
/// service in the request decides on the same grants. Any save in the request may have changed them, so
/// it forgets what it resolved. Between requests a space's scope is remembered per node while the access epoch stays
/// (<see cref="AccessCache"/>).
/// </summary>
public sealed class AccessResolver
{
    private readonly StrataDb db;
    private readonly AccessEpoch epoch;
    private readonly AccessCache cache;
    private readonly Dictionary<AccessCache.SpaceKey, SpaceScope> resolved = [];

    public AccessResolver(StrataDb db, AccessEpoch epoch, AccessCache cache)
    {
        this.db = db;
        this.epoch = epoch;
        this.cache = cache;
        db.SavedChanges += (_, _) => resolved.Clear();
        // A failed save is followed by a retry from a cleared change tracker, which must load fresh entities.
        db.SaveChangesFailed += (_, _) => resolved.Clear();
    }

    public async Task<OrgScope> OrgAsync(Actor actor, string orgSlug, CancellationToken ct)
    {
        await db.KeepConnectionOpenAsync(ct);
        var org = await db.Organisations.SingleOrDefaultAsync(o => o.Slug == orgSlug, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, AccessPolicy.NotFoundDetail(Level.Org));
        var role = await OrgRoleAsync(actor, org.Id, ct);
        var grants = Grants.None with { PlatformAdmin = actor.IsPlatformAdmin, OrgRole = role };
        if (!grants.SeesOrg)
            throw new DomainException(ErrorCodes.NotFound, AccessPolicy.NotFoundDetail(Level.Org));
        return new OrgScope(org, grants);
    }

    public async Task<SpaceScope> SpaceAsync(Actor actor, string orgSlug, string spaceSlug, CancellationToken ct)
    {
        var key = new AccessCache.SpaceKey(actor.UserId, actor.IsPlatformAdmin, orgSlug, spaceSlug);
        if (resolved.TryGetValue(key, out var known))
            return known;
        var seen = await epoch.CurrentAsync(ct);
        SpaceScope scope;
        if (seen is { } value && cache.Space(key, value) is { } entry)
        {
            scope = Tracked(new SpaceScope(entry.Org, entry.Space, entry.Grants, entry.InstanceRoles));
        }
        else
        {
            var read = await ResolveSpaceAsync(actor, orgSlug, spaceSlug, ct);
            if (seen is { } at)
                cache.Remember(key, new AccessCache.SpaceEntry(at, read.Org, read.Space, read.Grants, read.ExplicitInstanceRoles));
            scope = Tracked(read);
        }
        resolved[key] = scope;
        return scope;
    }

    /// <summary>
    /// A scope with its organisation and space as this request's own entities: the ones it tracks already, or copies
    /// attached unchanged, so a service that edits or deletes them saves as it would after loading them.
    /// </summary>
    private SpaceScope Tracked(SpaceScope read)
    {
        var org = db.Organisations.Local.FindEntry(read.Org.Id)?.Entity ?? db.Attach(AccessCache.Copy(read.Org)).Entity;
        var space = db.Spaces.Local.FindEntry(read.Space.Id)?.Entity ?? db.Attach(AccessCache.Copy(read.Space)).Entity;
        return read with { Org = org, Space = space };
    }

    /// <summary>
    /// The space, its organisation and everything the caller holds there, in one round trip: most requests name a space,
    /// and each query more is a round trip more on every one of them (issue 19).
    /// </summary>
    private async Task<SpaceScope> ResolveSpaceAsync(Actor actor, string orgSlug, string spaceSlug, CancellationToken ct)
    {
        var notFound = new DomainException(ErrorCodes.NotFound, AccessPolicy.NotFoundDetail(Level.Space));
        await db.KeepConnectionOpenAsync(ct);
        var user = actor.UserId;
        // Untracked: a space or organisation this context holds already (perhaps edited, not saved) would otherwise be
        // handed back as it is, and grants worked out from it would be remembered as the database's.
        var found = await (from s in db.Spaces.AsNoTracking()
                           join o in db.Organisations.AsNoTracking() on s.OrgId equals o.Id
                           where s.Slug == spaceSlug && o.Slug == orgSlug
                           select new
                           {
                               Space = s,
                               Org = o,
                               OrgRole = db.OrgMembers.Where(m => m.OrgId == o.Id && m.UserId == user).Select(m => (OrgRole?)m.Role).FirstOrDefault(),
                               AdminHere = db.SpaceAdmins.Any(a => a.SpaceId == s.Id && a.UserId == user),
                               AdminInOrg = db.SpaceAdmins.Any(a => a.UserId == user && db.Spaces.Any(x => x.Id == a.SpaceId && x.OrgId == o.Id)),
                               MemberInOrg = db.InstanceMembers.Any(m => m.UserId == user
                                   && db.Instances.Any(i => i.Id == m.InstanceId && db.Spaces.Any(x => x.Id == i.SpaceId && x.OrgId == o.Id))),
                               // A join on the space's key, not a correlated Any: SQLite has no lateral join to run the latter.
                               Roles = (from i in db.Instances
                                        where i.SpaceId == s.Id
                                        join m in db.InstanceMembers on i.Id equals m.InstanceId
                                        where m.UserId == user
                                        select new { m.InstanceId, m.Role }).ToList(),
                           }).SingleOrDefaultAsync(ct) ?? throw notFound;
        // The same rules as OrgRoleAsync and ScopeAsync, from the one row.
        var orgRole = actor.IsPlatformAdmin ? OrgRole.Manager : found.OrgRole ?? (found.AdminInOrg || found.MemberInOrg ? OrgRole.Member : null);
        var instanceRoles = found.Roles.ToDictionary(r => r.InstanceId, r => r.Role);
        var spaceAdmin = found.AdminHere || orgRole == OrgRole.Manager;
        var sees = spaceAdmin || instanceRoles.Count > 0 || SpaceScope.VisibilityGrantsMaster(found.Space.Visibility, orgRole);
        if (!sees)
            throw notFound;
        return new SpaceScope(found.Org, found.Space, new Grants(actor.IsPlatformAdmin, orgRole, spaceAdmin, null, sees), instanceRoles);
    }


    public async Task<InstanceScope> InstanceAsync(Actor actor, string orgSlug, string spaceSlug, string instanceSlug, CancellationToken ct)
    {
        var spaceScope = await SpaceAsync(actor, orgSlug, spaceSlug, ct);
        var instance = await db.Instances.SingleOrDefaultAsync(i => i.SpaceId == spaceScope.Space.Id && i.Slug == instanceSlug, ct);
        var grants = instance is null ? Grants.None : spaceScope.For(instance);
        if (instance is null || !grants.SeesInstance)
            throw new DomainException(ErrorCodes.NotFound, AccessPolicy.NotFoundDetail(Level.Instance));
        return new InstanceScope(spaceScope, instance, grants);
    }

    /// <summary>The caller's scope on a space already loaded (lists of spaces use it per item).</summary>
    public async Task<SpaceScope> ScopeAsync(Actor actor, Organisation org, Space space, CancellationToken ct)
    {
        var orgRole = await OrgRoleAsync(actor, org.Id, ct);
        var explicitAdmin = await db.SpaceAdmins.AnyAsync(a => a.SpaceId == space.Id && a.UserId == actor.UserId, ct);
        var instanceRoles = await db.InstanceMembers
            .Where(m => m.UserId == actor.UserId && db.Instances.Any(i => i.Id == m.InstanceId && i.SpaceId == space.Id))
            .ToDictionaryAsync(m => m.InstanceId, m => m.Role, ct);
        var spaceAdmin = explicitAdmin || orgRole == OrgRole.Manager;
        var sees = spaceAdmin || instanceRoles.Count > 0 || SpaceScope.VisibilityGrantsMaster(space.Visibility, orgRole);
        var grants = new Grants(actor.IsPlatformAdmin, orgRole, spaceAdmin, null, sees);
        return new SpaceScope(org, space, grants, instanceRoles);
    }

    /// <summary>Explicit role, else member through any role in one of its spaces; platform admins manage all.</summary>
    public async Task<OrgRole?> OrgRoleAsync(Actor actor, Guid orgId, CancellationToken ct)
    {
        if (actor.IsPlatformAdmin)
            return OrgRole.Manager;
        var member = await db.OrgMembers.SingleOrDefaultAsync(m => m.OrgId == orgId && m.UserId == actor.UserId, ct);
        if (member is not null)
            return member.Role;
        var implicitMember =
            await db.SpaceAdmins.AnyAsync(a => a.UserId == actor.UserId && db.Spaces.Any(s => s.Id == a.SpaceId && s.OrgId == orgId), ct)
            || await db.InstanceMembers.AnyAsync(m => m.UserId == actor.UserId
                && db.Instances.Any(i => i.Id == m.InstanceId && db.Spaces.Any(s => s.Id == i.SpaceId && s.OrgId == orgId)), ct);
        return implicitMember ? OrgRole.Member : null;
    }
}
