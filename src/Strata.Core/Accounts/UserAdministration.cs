using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;

namespace Strata.Core.Accounts;

/// <summary>What platform administrators do with accounts: find, inspect, disable, enable, send a reset link.</summary>
public sealed class UserAdministration(StrataDb db, PasswordResets resets, AuditLog audit, TimeProvider clock)
{
    public const int HistoryLength = 50;

    /// <summary>Accounts whose email or name contains <paramref name="query"/> (any case), by email.</summary>
    public async Task<UserPage> SearchAsync(Actor actor, string? query, int offset, int limit, CancellationToken ct)
    {
        Demand(actor);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            // Both sides lower-cased, since LIKE ignores case on SQLite but not on PostgreSQL; the escape keeps a typed % or _ literal.
            var pattern = "%" + query.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            users = users.Where(u => EF.Functions.Like(u.EmailNormalized, pattern, "\\") || EF.Functions.Like(u.Name.ToLower(), pattern, "\\"));
        }
        var total = await users.CountAsync(ct);
        var page = await users.OrderBy(u => u.EmailNormalized).Skip(Math.Max(0, offset)).Take(Math.Max(0, limit))
            .Select(u => new UserSummary(u.Id, u.Email, u.Name, u.IsPlatformAdmin, u.DisabledAt, u.CreatedAt))
            .ToListAsync(ct);
        return new UserPage(page, total, offset);
    }

    public async Task<UserDetails> DetailsAsync(Actor actor, Guid id, CancellationToken ct)
    {
        Demand(actor);
        var user = await FindAsync(id, ct);
        var orgs = await db.OrgMembers.Where(m => m.UserId == id)
            .Join(db.Organisations, m => m.OrgId, o => o.Id, (m, o) => new { o.Slug, o.Name, m.Role })
            .ToListAsync(ct);
        var spaces = await db.SpaceAdmins.Where(a => a.UserId == id)
            .Join(db.Spaces, a => a.SpaceId, s => s.Id, (a, s) => s)
            .Join(db.Organisations, s => s.OrgId, o => o.Id, (s, o) => new { Org = o.Slug, s.Slug, s.Name })
            .ToListAsync(ct);
        var instances = await db.InstanceMembers.Where(m => m.UserId == id)
            .Join(db.Instances, m => m.InstanceId, i => i.Id, (m, i) => new { m.Role, Instance = i })
            .Join(db.Spaces, x => x.Instance.SpaceId, s => s.Id, (x, s) => new { x.Role, x.Instance, Space = s })
            .Join(db.Organisations, x => x.Space.OrgId, o => o.Id, (x, o) => new { Org = o.Slug, Space = x.Space.Slug, SpaceName = x.Space.Name, x.Instance.Slug, x.Instance.Name, x.Role })
            .ToListAsync(ct);
        return new UserDetails(
            Summary(user),
            [.. orgs.OrderBy(o => o.Slug, StringComparer.Ordinal).Select(o => new UserOrgRole(o.Slug, o.Name, RoleNames.Of(o.Role)))],
            [.. spaces.OrderBy(s => s.Org, StringComparer.Ordinal).ThenBy(s => s.Slug, StringComparer.Ordinal)
                .Select(s => new UserSpaceRole(s.Org, s.Slug, s.Name, "admin"))],
            [.. instances.OrderBy(i => i.Org, StringComparer.Ordinal).ThenBy(i => i.Space, StringComparer.Ordinal).ThenBy(i => i.Slug, StringComparer.Ordinal)
                .Select(i => new UserInstanceRole(i.Org, i.Space, i.SpaceName, i.Slug, i.Name, RoleNames.Of(i.Role)))],
            await audit.ReadPlatformAsync(PasswordResets.Target(user), HistoryLength, ct));
    }

    /// <summary>
    /// Disables or enables an account. Disabled, it can neither sign in nor use its tokens or sessions;
    /// its roles, tokens and files stay, so enabling it again restores everything.
    /// </summary>
    public async Task<UserSummary> SetDisabledAsync(Actor actor, Guid id, bool disabled, CancellationToken ct)
    {
        Demand(actor);
        var user = await FindAsync(id, ct);
        if (disabled && user.Id == actor.UserId)
            throw new DomainException(ErrorCodes.InvalidRequest,
                "You cannot disable your own account: nobody could enable it again. Ask another platform administrator.");
        if (disabled == user.DisabledAt is not null)
            return Summary(user);
        user.DisabledAt = disabled ? clock.GetUtcNow() : null;
        audit.RecordPlatform(actor, disabled ? "user.disabled" : "user.enabled", PasswordResets.Target(user));
        await db.SaveChangesAsync(ct);
        return Summary(user);
    }

    /// <summary>Emails the account a reset link, as the forgot-password page would, saying who sent it.</summary>
    public async Task SendResetAsync(Actor actor, Guid id, CancellationToken ct)
    {
        Demand(actor);
        var user = await FindAsync(id, ct);
        if (user.DisabledAt is not null)
            throw new DomainException(ErrorCodes.InvalidRequest,
                $"{user.Email} is disabled and could not use a reset link. Enable the account first.");
        resets.Stage(user, actor.Email);
        audit.RecordPlatform(actor, "user.password_reset_sent", PasswordResets.Target(user), "sent by a platform administrator");
        await db.SaveChangesAsync(ct);
    }

    private static void Demand(Actor actor) =>
        AccessPolicy.Demand(Act.ManageUsers, Grants.None with { PlatformAdmin = actor.IsPlatformAdmin });

    private async Task<User> FindAsync(Guid id, CancellationToken ct) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct)
        ?? throw new DomainException(ErrorCodes.NotFound, "There is no account with this id. Search for it on the users page.");

    private static UserSummary Summary(User u) => new(u.Id, u.Email, u.Name, u.IsPlatformAdmin, u.DisabledAt, u.CreatedAt);
}
