using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;

namespace Strata.Core.Invitations;

/// <summary>What the person holding an invitation link can do: review, accept, decline.</summary>
public sealed class InvitationAnswers(StrataDb db, AccountService accounts, InvitationGrants grants, AuditLog audit, TimeProvider clock)
{
    public async Task<InvitationReview> ReviewAsync(string secret, CancellationToken ct)
    {
        var invitation = await BySecretAsync(secret, ct);
        var accountExists = await db.Users.AnyAsync(u => u.EmailNormalized == invitation.EmailNormalized, ct);
        return new InvitationReview(invitation.Email, invitation.InvitedBy, await grants.GrantViewsAsync(invitation, ct),
            StatusOf(invitation), invitation.ExpiresAt, accountExists);
    }

    public async Task<IReadOnlyList<string>> DescribeAsync(string secret, CancellationToken ct) =>
        await grants.DescribeAsync(await BySecretAsync(secret, ct), ct);

    /// <summary>
    /// Accepts as the signed-in user (whose email must match), or, with nobody signed in, creates the
    /// account from the invitation. Grants, account and status change commit together.
    /// </summary>
    public async Task<AcceptResult> AcceptAsync(string secret, Actor? signedIn, string? name, string? password, CancellationToken ct)
    {
        var invitation = await OpenAsync(secret, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClaimAsync(invitation, InvitationStatus.Accepted, ct);
        Guid userId;
        string actorEmail;
        if (signedIn is not null)
        {
            if (EmailAddress.Normalize(signedIn.Email) != invitation.EmailNormalized)
                throw new DomainException(ErrorCodes.EmailMismatch,
                    $"This invitation is for {invitation.Email}, but you are signed in as {signedIn.Email}. Sign out and sign in as {invitation.Email}.");
            userId = signedIn.UserId;
            actorEmail = signedIn.Email;
        }
        else
        {
            if (await db.Users.AnyAsync(u => u.EmailNormalized == invitation.EmailNormalized, ct))
                throw new DomainException(ErrorCodes.Unauthenticated,
                    $"An account for {invitation.Email} exists. Sign in as {invitation.Email} to accept.");
            var user = await accounts.CreateUserAsync(invitation.Email, name ?? "", password ?? "", isPlatformAdmin: false, ct);
            userId = user.Id;
            actorEmail = user.Email;
        }
        await grants.ApplyAsync(invitation, userId, ct);
        invitation.Status = InvitationStatus.Accepted;
        invitation.ClosedAt = clock.GetUtcNow();
        audit.Record(invitation.OrgId, new Actor(userId, actorEmail, false), "invitation.accepted", $"invitation for {invitation.Email}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new AcceptResult(userId, await grants.GrantViewsAsync(invitation, ct));
    }

    public async Task DeclineAsync(string secret, CancellationToken ct)
    {
        var invitation = await OpenAsync(secret, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClaimAsync(invitation, InvitationStatus.Declined, ct);
        invitation.Status = InvitationStatus.Declined;
        invitation.ClosedAt = clock.GetUtcNow();
        audit.Record(invitation.OrgId, null, "invitation.declined", $"invitation for {invitation.Email}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Closes the invitation with a conditional update as the transaction's first write: of two answers
    /// sent at once exactly one finds it pending; the other is told it is closed.
    /// </summary>
    private async Task ClaimAsync(Invitation invitation, InvitationStatus status, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.Invitations.Where(i => i.Id == invitation.Id && i.Status == InvitationStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, status).SetProperty(i => i.ClosedAt, now), ct);
        if (claimed == 0)
            throw new DomainException(ErrorCodes.InvitationClosed, "This invitation was answered a moment ago. Reload the page to see what it gave.");
    }

    private async Task<Invitation> OpenAsync(string secret, CancellationToken ct)
    {
        var invitation = await BySecretAsync(secret, ct);
        if (invitation.Status != InvitationStatus.Pending)
            throw new DomainException(ErrorCodes.InvitationClosed,
                $"This invitation was already {invitation.Status.ToString().ToLowerInvariant()}. Ask the person who invited you for a new one if you need it.");
        if (invitation.IsExpired(clock.GetUtcNow()))
            throw new DomainException(ErrorCodes.InvitationExpired,
                $"This invitation expired on {invitation.ExpiresAt:yyyy-MM-dd}. Ask {invitation.InvitedBy} to send it again.");
        return invitation;
    }

    private async Task<Invitation> BySecretAsync(string secret, CancellationToken ct)
    {
        var hash = Secrets.HashSecret(secret);
        return await db.Invitations.Include(i => i.Grants).SingleOrDefaultAsync(i => i.SecretHash == hash, ct)
            ?? throw new DomainException(ErrorCodes.NotFound,
                "This invitation link is not valid. It may have been replaced by a newer email; use the latest one you received.");
    }

    private string StatusOf(Invitation invitation) =>
        invitation.IsExpired(clock.GetUtcNow()) ? "expired" : invitation.Status.ToString().ToLowerInvariant();
}
