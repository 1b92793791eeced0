using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;

namespace Strata.Core.Hierarchy;

public sealed partial class OrgService(StrataDb db, AccessResolver access, AuditLog audit, TimeProvider clock)
{
    public async Task<OrgView> CreateAsync(Actor actor, string? name, string? slug, CancellationToken ct)
    {
        AccessPolicy.Demand(Act.CreateOrg, Grants.None with { PlatformAdmin = actor.IsPlatformAdmin });
        var validName = Names.Validate(name, "organisation");
        var validSlug = slug is null ? Names.Slugify(validName) : slug.Trim();
        if (!SlugPattern().IsMatch(validSlug))
            throw new DomainException(ErrorCodes.InvalidRequest,
                $"The slug \"{validSlug}\" is not valid: use 1 to 100 lower-case letters, digits, '-' or '_', starting with a letter or digit.");
        if (await db.Organisations.AnyAsync(o => o.Slug == validSlug, ct))
            throw new DomainException(ErrorCodes.NameTaken, $"The slug \"{validSlug}\" is taken by another organisation. Choose another slug.");

        var org = new Organisation { Slug = validSlug, Name = validName, CreatedAt = clock.GetUtcNow() };
        db.Organisations.Add(org);
        audit.Record(org.Id, actor, "org.created", $"organisation {org.Name}");
        await db.SaveUniqueAsync($"The slug \"{validSlug}\" is taken by another organisation. Choose another slug.", ct);
        return new OrgView(org.Slug, org.Name, RoleNames.Of(OrgRole.Manager));
    }

    public async Task<IReadOnlyList<OrgView>> ListAsync(Actor actor, CancellationToken ct)
    {
        // Sorted here, not by the database: its collation differs between SQLite and PostgreSQL.
        var orgs = (await db.Organisations.AsNoTracking().ToListAsync(ct)).OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.Slug, StringComparer.Ordinal);
        var views = new List<OrgView>();
        foreach (var org in orgs)
        {
            var role = await access.OrgRoleAsync(actor, org.Id, ct);
            if (role is not null)
                views.Add(new OrgView(org.Slug, org.Name, RoleNames.Of(role.Value)));
        }
        return views;
    }

    public async Task<OrgView> GetAsync(Actor actor, string orgSlug, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        return new OrgView(scope.Org.Slug, scope.Org.Name, RoleNames.Of(scope.Grants.OrgRole!.Value));
    }

    /// <summary>Explicit members with their role, and everyone who belongs through a space or instance role as member.</summary>
    public async Task<IReadOnlyList<OrgMemberView>> MembersAsync(Actor actor, string orgSlug, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        AccessPolicy.Demand(Act.ViewOrgMembers, scope.Grants, scope.Org.Name);
        var orgId = scope.Org.Id;
        var explicitMembers = await db.OrgMembers.AsNoTracking().Where(m => m.OrgId == orgId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.Name, m.Role })
            .ToListAsync(ct);
        var implicitIds = await db.SpaceAdmins.Where(a => db.Spaces.Any(s => s.Id == a.SpaceId && s.OrgId == orgId)).Select(a => a.UserId)
            .Union(db.InstanceMembers.Where(m => db.Instances.Any(i => i.Id == m.InstanceId && db.Spaces.Any(s => s.Id == i.SpaceId && s.OrgId == orgId))).Select(m => m.UserId))
            .ToListAsync(ct);
        var explicitIds = explicitMembers.Select(m => m.Id).ToHashSet();
        var implicitIdList = implicitIds.Where(id => !explicitIds.Contains(id)).ToList();
        var implicitMembers = await db.Users.AsNoTracking().Where(u => implicitIdList.Contains(u.Id)).ToListAsync(ct);
        return [.. explicitMembers.Select(m => new OrgMemberView(m.Id, m.Email, m.Name, RoleNames.Of(m.Role)))
            .Concat(implicitMembers.Select(u => new OrgMemberView(u.Id, u.Email, u.Name, RoleNames.Of(OrgRole.Member))))
            .OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<OrgMemberView> SetRoleAsync(Actor actor, string orgSlug, Guid userId, OrgRole role, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        AccessPolicy.Demand(Act.ManageOrgMembers, scope.Grants, scope.Org.Name);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, "There is no such user.");
        var member = await db.OrgMembers.SingleOrDefaultAsync(m => m.OrgId == scope.Org.Id && m.UserId == userId, ct);
        if (member is null)
        {
            var belongs = await access.OrgRoleAsync(new Actor(userId, user.Email, false), scope.Org.Id, ct) is not null;
            if (!belongs)
                throw new DomainException(ErrorCodes.NotFound,
                    $"{user.Email} is not a member of this organisation. Invite them instead.");
            db.OrgMembers.Add(new OrgMember { OrgId = scope.Org.Id, UserId = userId, Role = role });
        }
        else
        {
            member.Role = role;
        }
        audit.Record(scope.Org.Id, actor, "org.role_changed", $"user {user.Email}", RoleNames.Of(role));
        await db.SaveChangesAsync(ct);
        return new OrgMemberView(user.Id, user.Email, user.Name, RoleNames.Of(role));
    }

    /// <summary>Removes a person from the organisation: their org role and every role in its spaces and instances.</summary>
    public async Task RemoveAsync(Actor actor, string orgSlug, Guid userId, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        AccessPolicy.Demand(Act.ManageOrgMembers, scope.Grants, scope.Org.Name);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        var orgId = scope.Org.Id;
        if (user is null || await access.OrgRoleAsync(new Actor(userId, user.Email, false), orgId, ct) is null)
            throw new DomainException(ErrorCodes.NotFound, "That person is not a member of this organisation.");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.OrgMembers.Where(m => m.OrgId == orgId && m.UserId == userId).ExecuteDeleteAsync(ct);
        await db.SpaceAdmins.Where(a => a.UserId == userId && db.Spaces.Any(s => s.Id == a.SpaceId && s.OrgId == orgId)).ExecuteDeleteAsync(ct);
        await db.InstanceMembers.Where(m => m.UserId == userId
            && db.Instances.Any(i => i.Id == m.InstanceId && db.Spaces.Any(s => s.Id == i.SpaceId && s.OrgId == orgId))).ExecuteDeleteAsync(ct);
        audit.Record(orgId, actor, "org.member_removed", $"user {user.Email}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<AuditView>> AuditAsync(Actor actor, string orgSlug, int limit, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        AccessPolicy.Demand(Act.ViewAudit, scope.Grants, scope.Org.Name);
        return await audit.ReadAsync(scope.Org.Id, Math.Clamp(limit, 1, 1000), ct);
    }

    /// <summary>The audit log a page at a time, filtered (managers).</summary>
    public async Task<AuditPage> AuditAsync(Actor actor, string orgSlug, AuditQuery query, int offset, int limit, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        AccessPolicy.Demand(Act.ViewAudit, scope.Grants, scope.Org.Name);
        return await audit.QueryAsync(scope.Org.Id, query, offset, Math.Clamp(limit, 1, 1000), ct);
    }

    public async Task<IReadOnlyList<string>> AuditActionsAsync(Actor actor, string orgSlug, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        AccessPolicy.Demand(Act.ViewAudit, scope.Grants, scope.Org.Name);
        return await audit.ActionsAsync(scope.Org.Id, ct);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,99}$")]
    private static partial Regex SlugPattern();
}
