using System.Net;
using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Mail;

namespace Strata.Core.Accounts;

public sealed class PasswordResetOptions
{
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The lifetime as the email and the refusal say it: "1 hour", "2 hours", "30 minutes".</summary>
    public string LifetimeText => Lifetime.TotalMinutes switch
    {
        60 => "1 hour",
        var m when m % 60 == 0 => $"{m / 60:0} hours",
        var m => $"{m:0} minutes",
    };
}

/// <summary>What the page behind a reset link shows before the new password is typed.</summary>
public sealed record PasswordResetReview(string Email, DateTimeOffset ExpiresAt);

/// <summary>
/// Password reset by email (SPEC §8): a single-use, time-limited link, sent through the mail outbox in
/// the same unit of work as its row. Asking never says whether an account exists.
/// </summary>
public sealed class PasswordResets(
    StrataDb db,
    AccountService accounts,
    UserSessions sessions,
    SignInThrottle throttle,
    AuditLog audit,
    ILinks links,
    PasswordResetOptions options,
    TimeProvider clock)
{
    public const string SecretPrefix = "reset_";

    /// <summary>Sends a link when an enabled account has this email; otherwise does nothing, visibly the same.</summary>
    public async Task RequestAsync(string? email, IPAddress? address, CancellationToken ct)
    {
        if (email is null || !EmailAddress.IsValid(email))
            throw new DomainException(ErrorCodes.InvalidEmail, $"\"{email?.Trim()}\" is not a valid email address. Type the address you sign in with.",
                new Dictionary<string, object?> { ["invalidEmails"] = new[] { email ?? "" } });
        throttle.RequestReset(email, address);
        var normalized = EmailAddress.Normalize(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.EmailNormalized == normalized, ct);
        // A disabled account could not use the link: sending one would only confuse its owner.
        if (user is null || user.DisabledAt is not null)
            return;
        Stage(user, sentBy: null);
        audit.RecordPlatform(null, "user.password_reset_sent", Target(user), "asked for on the forgot-password page");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds a link and its email to the current unit of work; the caller saves (and audits).</summary>
    public void Stage(User user, string? sentBy)
    {
        var secret = Secrets.NewSecret(SecretPrefix);
        var now = clock.GetUtcNow();
        db.PasswordResets.Add(new PasswordReset
        {
            UserId = user.Id,
            SecretHash = Secrets.HashSecret(secret),
            PasswordStamp = PasswordStamp.Of(user),
            CreatedAt = now,
            ExpiresAt = now + options.Lifetime,
        });
        db.Outbox.Add(PasswordResetEmail.Compose(user.Email, sentBy, links.Page("reset-password/" + Uri.EscapeDataString(secret)), options.LifetimeText, now));
    }

    public async Task<PasswordResetReview> ReviewAsync(string? secret, CancellationToken ct)
    {
        var (reset, user) = await OpenAsync(secret, ct);
        return new PasswordResetReview(user.Email, reset.ExpiresAt);
    }

    /// <summary>
    /// Sets the new password and uses up the link. Every browser session of the account ends with it (and
    /// the password's stamp changes, which closes its other links).
    /// </summary>
    public async Task<User> CompleteAsync(string? secret, string? password, CancellationToken ct)
    {
        var (reset, user) = await OpenAsync(secret, ct);
        if (password is null)
            throw new DomainException(ErrorCodes.InvalidRequest, "Send the new password as 'password'.");
        var hash = accounts.HashNewPassword(password);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Two requests racing with one link: the conditional update lets exactly one of them through.
        var claimed = await db.PasswordResets.Where(r => r.Id == reset.Id && r.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, now), ct);
        if (claimed == 0)
            throw Used();
        user.PasswordHash = hash;
        await sessions.EndAllAsync(user.Id, ct);
        audit.RecordPlatform(new Actor(user.Id, user.Email, user.IsPlatformAdmin), "user.password_reset", Target(user),
            "new password set with an emailed link");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    /// <summary>How accounts are named in the platform audit log.</summary>
    public static string Target(User user) => $"user {user.Email}";

    private async Task<(PasswordReset Reset, User User)> OpenAsync(string? secret, CancellationToken ct)
    {
        var hash = string.IsNullOrWhiteSpace(secret) ? null : Secrets.HashSecret(secret);
        var reset = (hash is null ? null : await db.PasswordResets.AsNoTracking().SingleOrDefaultAsync(r => r.SecretHash == hash, ct))
            ?? throw new DomainException(ErrorCodes.NotFound,
                "This password reset link is not valid. Check that the whole link was copied, or ask for a new one on the sign-in page.");
        var user = await db.Users.SingleAsync(u => u.Id == reset.UserId, ct);
        if (reset.UsedAt is not null)
            throw Used();
        if (!PasswordStamp.Matches(user, reset.PasswordStamp))
            throw new DomainException(ErrorCodes.LinkClosed,
                "This link no longer works: the password was changed after it was sent. Sign in, or ask for a new link on the sign-in page.");
        if (clock.GetUtcNow() >= reset.ExpiresAt)
            throw new DomainException(ErrorCodes.LinkExpired,
                $"This link has expired: reset links work for {options.LifetimeText}. Ask for a new one on the sign-in page.");
        if (user.DisabledAt is not null)
            throw AccountService.Disabled();
        return (reset, user);
    }

    private static DomainException Used() => new(ErrorCodes.LinkClosed,
        "This link was already used to set a new password; each link works once. Sign in, or ask for a new link on the sign-in page.");
}
