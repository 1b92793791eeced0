using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Mail;

namespace Strata.Core.Invitations;

/// <summary>Sending invitations: invite, list pending, resend, revoke. Accepting lives in <see cref="InvitationAnswers"/>.</summary>
public sealed class InvitationService(
    StrataDb db,
    AccessResolver access,
    AuditLog audit,
    InvitationGrants grants,
    InvitationOptions options,
    ILinks links,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<InvitationView>> InviteToOrgAsync(Actor actor, string orgSlug, IReadOnlyList<string> emails, OrgRole role, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        AccessPolicy.Demand(Act.InviteToOrg, scope.Grants, scope.Org.Name);
        return await InviteAllAsync(actor, InvitationTarget.ToOrg(scope), emails, RoleNames.Of(role), ct);
    }

    public async Task<IReadOnlyList<InvitationView>> InviteSpaceAdminsAsync(Actor actor, string orgSlug, string spaceSlug, IReadOnlyList<string> emails, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        AccessPolicy.Demand(Act.InviteToSpace, scope.Grants, scope.Org.Name, scope.Space.Name);
        return await InviteAllAsync(actor, InvitationTarget.ToSpace(scope), emails, "admin", ct);
    }

    public async Task<IReadOnlyList<InvitationView>> InviteToInstanceAsync(Actor actor, string orgSlug, string spaceSlug, string instanceSlug, IReadOnlyList<string> emails, InstanceRole role, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, orgSlug, spaceSlug, instanceSlug, ct);
        AccessPolicy.Demand(Act.InviteToInstance, scope.Grants, scope.Org.Name, scope.Space.Name);
        if (scope.Instance.Kind == InstanceKind.Distributed)
            throw new DomainException(ErrorCodes.DistributedInstance,
                "Nobody is invited into Distributed: every editor of an instance in the space can view it. Invite to another instance.");
        return await InviteAllAsync(actor, InvitationTarget.ToInstance(scope.Org, scope.Space, scope.Instance), emails, RoleNames.Of(role), ct);
    }

    /// <summary>
    /// Adds an invitation (and its email) to the current unit of work without saving, so callers that
    /// create instances commit instances and invitations together. A pending invitation of the same
    /// email to the same thing is re-issued instead of duplicated.
    /// </summary>
    public async Task<Invitation> StageAsync(Actor actor, InvitationTarget target, string email, string role, CancellationToken ct)
    {
        var normalized = EmailAddress.Normalize(email);
        var now = clock.GetUtcNow();
        var existing = await PendingForAsync(normalized, target, ct);
        var secret = Secrets.NewSecret("inv_");
        Invitation invitation;
        if (existing is not null)
        {
            invitation = existing;
            invitation.SecretHash = Secrets.HashSecret(secret);
            invitation.ExpiresAt = now + options.Lifetime;
            foreach (var grant in invitation.Grants.Where(g => InvitationGrants.Matches(g, target)))
                grant.Role = role;
        }
        else
        {
            invitation = new Invitation
            {
                OrgId = target.Org.Id,
                Email = email.Trim(),
                EmailNormalized = normalized,
                SecretHash = Secrets.HashSecret(secret),
                InvitedById = actor.UserId,
                InvitedBy = actor.Email,
                Status = InvitationStatus.Pending,
                CreatedAt = now,
                ExpiresAt = now + options.Lifetime,
                Grants = [new InvitationGrant { Kind = target.Kind, SpaceId = target.Space?.Id, InstanceId = target.Instance?.Id, Role = role }],
            };
            db.Invitations.Add(invitation);
        }
        db.Outbox.Add(InvitationEmail.Compose(invitation, [target.Describe(role)], links.Invitation(secret), await InviterNameAsync(actor, ct),
            target.Space?.Name ?? target.Org.Name, now));
        audit.Record(target.Org.Id, actor, existing is null ? "invitation.created" : "invitation.resent",
            $"invitation for {invitation.Email}", $"as {target.Describe(role)}");
        return invitation;
    }

    public async Task<IReadOnlyList<InvitationView>> PendingForSpaceAsync(Actor actor, string orgSlug, string spaceSlug, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        AccessPolicy.Demand(Act.ViewSpaceMembers, scope.Grants, scope.Org.Name, scope.Space.Name);
        var spaceId = scope.Space.Id;
        var invitations = await db.Invitations.Include(i => i.Grants)
            .Where(i => i.Status == InvitationStatus.Pending && i.Grants.Any(g =>
                g.SpaceId == spaceId || db.Instances.Any(x => x.Id == g.InstanceId && x.SpaceId == spaceId)))
            .OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
        return await grants.ViewsAsync(invitations, ct);
    }

    public async Task<IReadOnlyList<InvitationView>> PendingForOrgAsync(Actor actor, string orgSlug, CancellationToken ct)
    {
        var scope = await access.OrgAsync(actor, orgSlug, ct);
        AccessPolicy.Demand(Act.InviteToOrg, scope.Grants, scope.Org.Name);
        var invitations = await db.Invitations.Include(i => i.Grants)
            .Where(i => i.OrgId == scope.Org.Id && i.Status == InvitationStatus.Pending)
            .OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
        return await grants.ViewsAsync(invitations, ct);
    }

    private async Task<string> InviterNameAsync(Actor actor, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.Name).SingleOrDefaultAsync(ct) is { Length: > 0 } name ? name : actor.Email;

    public async Task<InvitationView> ResendAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var invitation = await SentByCallerAsync(actor, id, ct);
        var secret = Secrets.NewSecret("inv_");
        var now = clock.GetUtcNow();
        invitation.SecretHash = Secrets.HashSecret(secret);
        invitation.ExpiresAt = now + options.Lifetime;
        var offers = await grants.DescribeAsync(invitation, ct);
        var spaceId = invitation.Grants.Select(g => g.SpaceId).FirstOrDefault(g => g is not null)
            ?? await db.Instances.Where(i => invitation.Grants.Select(g => g.InstanceId).Contains(i.Id)).Select(i => (Guid?)i.SpaceId).FirstOrDefaultAsync(ct);
        var place = spaceId is null
            ? await db.Organisations.Where(o => o.Id == invitation.OrgId).Select(o => o.Name).SingleAsync(ct)
            : await db.Spaces.Where(s => s.Id == spaceId).Select(s => s.Name).SingleAsync(ct);
        db.Outbox.Add(InvitationEmail.Compose(invitation, offers, links.Invitation(secret), await InviterNameAsync(actor, ct), place, now));
        audit.Record(invitation.OrgId, actor, "invitation.resent", $"invitation for {invitation.Email}");
        await db.SaveChangesAsync(ct);
        return (await grants.ViewsAsync([invitation], ct))[0];
    }

    public async Task RevokeAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var invitation = await SentByCallerAsync(actor, id, ct);
        invitation.Status = InvitationStatus.Revoked;
        invitation.ClosedAt = clock.GetUtcNow();
        audit.Record(invitation.OrgId, actor, "invitation.revoked", $"invitation for {invitation.Email}");
        await db.SaveChangesAsync(ct);
    }

    private async Task<IReadOnlyList<InvitationView>> InviteAllAsync(Actor actor, InvitationTarget target, IReadOnlyList<string> emails, string role, CancellationToken ct)
    {
        var valid = EmailLists.Validate(emails);
        var staged = new List<Invitation>();
        foreach (var email in valid)
            staged.Add(await StageAsync(actor, target, email, role, ct));
        await db.SaveChangesAsync(ct);
        return await grants.ViewsAsync(staged, ct);
    }

    private async Task<Invitation?> PendingForAsync(string normalizedEmail, InvitationTarget target, CancellationToken ct)
    {
        var local = db.Invitations.Local.FirstOrDefault(i => i.EmailNormalized == normalizedEmail
            && i.Status == InvitationStatus.Pending && i.Grants.Any(g => InvitationGrants.Matches(g, target)));
        if (local is not null)
            return local;
        var now = clock.GetUtcNow();
        var spaceId = target.Space?.Id;
        var instanceId = target.Instance?.Id;
        return await db.Invitations.Include(i => i.Grants)
            .Where(i => i.OrgId == target.Org.Id && i.EmailNormalized == normalizedEmail && i.Status == InvitationStatus.Pending && i.ExpiresAt > now
                && i.Grants.Any(g => g.Kind == target.Kind && g.SpaceId == spaceId && g.InstanceId == instanceId))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The invitation, if the caller could have sent it (managers for org grants, space admins otherwise).</summary>
    private async Task<Invitation> SentByCallerAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var notFound = new DomainException(ErrorCodes.NotFound, "There is no such invitation, or you did not have the right to send it.");
        var invitation = await db.Invitations.Include(i => i.Grants).SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw notFound;
        if (!await grants.CallerMaySendAsync(actor, invitation, ct))
            throw notFound;
        if (invitation.Status != InvitationStatus.Pending)
            throw new DomainException(ErrorCodes.InvitationClosed, $"This invitation was already {invitation.Status.ToString().ToLowerInvariant()}.");
        return invitation;
    }
}
