using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Maintenance;
using Strata.Core.Errors;
using Strata.Core.States;

namespace Strata.Core.Hierarchy;

public sealed record CreateSpace(string? Name, SpaceType? Type, SpaceVisibility? Visibility, string? Description);

/// <summary>A change of a space; <paramref name="InstanceQuota"/> null leaves the quota as it is (its Bytes null removes it).</summary>
public sealed record UpdateSpace(string? Name, string? Description, SpaceVisibility? Visibility, QuotaSetting? InstanceQuota = null);

/// <summary>A new per-instance quota: a number of bytes, or null for none.</summary>
public sealed record QuotaSetting(long? Bytes);

public sealed class SpaceService(StrataDb db, AccessResolver access, AuditLog audit, TimeProvider clock)
{
    public async Task<SpaceView> CreateAsync(Actor actor, string orgSlug, CreateSpace request, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        AccessPolicy.Demand(Act.CreateSpace, scope.Grants, scope.Org.Name);
        var name = Names.Validate(request.Name, "space");
        var description = Names.ValidateDescription(request.Description, "space");
        var type = request.Type ?? throw new DomainException(ErrorCodes.InvalidRequest,
            "Say what the space is for: type must be course, research or dataset.");
        var orgId = scope.Org.Id;
        var key = Names.Key(name);
        if (await db.Spaces.AnyAsync(s => s.OrgId == orgId && s.NameKey == key, ct))
            throw NameTaken(name);
        var slugs = (await db.Spaces.Where(s => s.OrgId == orgId).Select(s => s.Slug).ToListAsync(ct)).ToHashSet();

        var now = clock.GetUtcNow();
        var space = new Space
        {
            OrgId = orgId,
            Slug = Names.Uniquify(Names.Slugify(name), slugs),
            Name = name,
            NameKey = key,
            Description = description,
            Type = type,
            Visibility = request.Visibility ?? SpaceVisibility.Private,
            CreatedAt = now,
            CreatedBy = actor.UserId,
        };
        db.Spaces.Add(space);
        foreach (var special in new[] { Special(space, InstanceKind.Master, Instance.MasterSlug, "Master", now), Special(space, InstanceKind.Distributed, Instance.DistributedSlug, "Distributed", now) })
        {
            db.Instances.Add(special);
            db.StateRefs.Add(EmptyState.For(special));
        }
        db.SpaceAdmins.Add(new SpaceAdmin { SpaceId = space.Id, UserId = actor.UserId });
        audit.Record(orgId, actor, "space.created", $"space {name}", type.ToString().ToLowerInvariant());
        await db.SaveUniqueAsync(NameTaken(name).Detail, ct);
        return View(space, "admin");
    }

    public async Task<IReadOnlyList<SpaceView>> ListAsync(Actor actor, string orgSlug, CancellationToken ct)
    {
        var orgScope = await access.OrgAsync(actor, orgSlug, ct);
        // Sorted here, not by the database: its collation differs between SQLite and PostgreSQL.
        var spaces = (await db.Spaces.AsNoTracking().Where(s => s.OrgId == orgScope.Org.Id).ToListAsync(ct)).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Slug, StringComparer.Ordinal);
        var views = new List<SpaceView>();
        foreach (var space in spaces)
        {
            var scope = await access.ScopeAsync(actor, orgScope.Org, space, ct);
            if (scope.Grants.SeesSpace)
                views.Add(View(space, scope.Grants.SpaceAdmin ? "admin" : null));
        }
        return views;
    }

    public async Task<SpaceView> GetAsync(Actor actor, string orgSlug, string spaceSlug, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        return View(scope.Space, scope.Grants.SpaceAdmin ? "admin" : null);
    }

    public async Task<SpaceView> UpdateAsync(Actor actor, string orgSlug, string spaceSlug, UpdateSpace request, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        AccessPolicy.Demand(Act.EditSpace, scope.Grants, scope.Org.Name, scope.Space.Name);
        var space = scope.Space;
        var changes = new List<string>();
        if (request.Name is not null)
        {
            var name = Names.Validate(request.Name, "space");
            var key = Names.Key(name);
            if (key != space.NameKey && await db.Spaces.AnyAsync(s => s.OrgId == space.OrgId && s.NameKey == key, ct))
                throw NameTaken(name);
            changes.Add($"name \"{space.Name}\" → \"{name}\"");
            space.Name = name;
            space.NameKey = key;
        }
        if (request.Description is not null)
        {
            space.Description = Names.ValidateDescription(request.Description, "space");
            changes.Add("description");
        }
        if (request.Visibility is { } visibility)
        {
            changes.Add($"visibility {space.Visibility.ToString().ToLowerInvariant()} → {visibility.ToString().ToLowerInvariant()}");
            space.Visibility = visibility;
        }
        if (request.InstanceQuota is { } quota)
        {
            if (quota.Bytes is < 0)
                throw new DomainException(ErrorCodes.InvalidRequest, "instanceQuotaBytes must be a whole number of bytes, 0 or more, or null for no quota.");
            changes.Add($"instance quota {Quota.Describe(space.InstanceQuotaBytes)} → {Quota.Describe(quota.Bytes)}");
            space.InstanceQuotaBytes = quota.Bytes;
        }
        audit.Record(space.OrgId, actor, "space.updated", $"space {space.Name}", string.Join("; ", changes));
        await db.SaveUniqueAsync(NameTaken(space.Name).Detail, ct);
        return View(space, "admin");
    }

    /// <summary>Deletes the space with its instances and roles. Stored contents are freed later by garbage collection.</summary>
    public async Task DeleteAsync(Actor actor, string orgSlug, string spaceSlug, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        AccessPolicy.Demand(Act.DeleteSpace, scope.Grants, scope.Org.Name, scope.Space.Name);
        await DroppedRoots.RecordSpaceAsync(db, scope.Space.Id, clock.GetUtcNow(), ct);
        db.Spaces.Remove(scope.Space);
        audit.Record(scope.Org.Id, actor, "space.deleted", $"space {scope.Space.Name}");
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<SpaceMemberView>> MembersAsync(Actor actor, string orgSlug, string spaceSlug, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        AccessPolicy.Demand(Act.ViewSpaceMembers, scope.Grants, scope.Org.Name, scope.Space.Name);
        var spaceId = scope.Space.Id;
        var admins = await db.SpaceAdmins.AsNoTracking().Where(a => a.SpaceId == spaceId).Select(a => a.UserId).ToListAsync(ct);
        var roles = await db.InstanceMembers.AsNoTracking()
            .Join(db.Instances.Where(i => i.SpaceId == spaceId), m => m.InstanceId, i => i.Id, (m, i) => new { m.UserId, i.Slug, m.Role })
            .ToListAsync(ct);
        var userIds = admins.Concat(roles.Select(r => r.UserId)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToListAsync(ct);
        var adminSet = admins.ToHashSet();
        return [.. users.OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase).Select(u => new SpaceMemberView(
            u.Id, u.Email, u.Name, adminSet.Contains(u.Id) ? "admin" : null,
            [.. roles.Where(r => r.UserId == u.Id).OrderBy(r => r.Slug, StringComparer.Ordinal).Select(r => new InstanceRoleView(r.Slug, RoleNames.Of(r.Role)))]))];
    }

    private static Instance Special(Space space, InstanceKind kind, string slug, string name, DateTimeOffset now) => new()
    {
        SpaceId = space.Id,
        Slug = slug,
        Name = name,
        NameKey = Names.Key(name),
        Kind = kind,
        CreatedAt = now,
    };

    private static SpaceView View(Space space, string? myRole) =>
        new(space.Slug, space.Name, space.Description, space.Type, space.Visibility, myRole, space.InstanceQuotaBytes);

    private static DomainException NameTaken(string name) =>
        new(ErrorCodes.NameTaken, $"This organisation already has a space named \"{name}\". Choose another name.");
}
