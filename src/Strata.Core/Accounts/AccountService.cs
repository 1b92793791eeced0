using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;

namespace Strata.Core.Accounts;

public sealed record IssuedToken(Guid Id, string Token);

public sealed record TokenSummary(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>Accounts, passwords and personal access tokens.</summary>
public sealed class AccountService(StrataDb db, AccountOptions options, TimeProvider clock)
{
    public const string TokenPrefix = "strata_pat_";

    // Verifying against a real hash of the configured cost when the email is unknown keeps both failures equally slow.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> DecoyHashes = new();

    public async Task<User> CreateUserAsync(string email, string name, string password, bool isPlatformAdmin, CancellationToken ct)
    {
        if (!EmailAddress.IsValid(email))
            throw new DomainException(ErrorCodes.InvalidEmail, $"\"{email}\" is not a valid email address.",
                new Dictionary<string, object?> { ["invalidEmails"] = new[] { email } });
        var passwordHash = HashNewPassword(password);
        var trimmedName = name.Trim();
        if (trimmedName.Length is 0 or > 1023)
            throw new DomainException(ErrorCodes.InvalidName, "A name must be 1 to 1023 characters long.");
        if (Names.ControlCharacter(trimmedName, allowLineBreaks: false) is { } control)
            throw new DomainException(ErrorCodes.InvalidName, $"The name contains a control character (U+{control.Value:X4}). Remove it.");

        var normalized = EmailAddress.Normalize(email);
        if (await db.Users.AnyAsync(u => u.EmailNormalized == normalized, ct))
            throw EmailTaken(email);

        var user = new User
        {
            Email = email.Trim(),
            EmailNormalized = normalized,
            Name = trimmedName,
            PasswordHash = passwordHash,
            IsPlatformAdmin = isPlatformAdmin,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            db.Users.Entry(user).State = EntityState.Detached;
            throw EmailTaken(email);
        }
        return user;
    }

    /// <summary>The account with this email and password, or null; never says which of the two was wrong.</summary>
    public async Task<User?> CheckPasswordAsync(string email, string password, CancellationToken ct)
    {
        var normalized = EmailAddress.Normalize(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.EmailNormalized == normalized, ct);
        if (user is null)
        {
            PasswordHasher.Verify(password, DecoyHashes.GetOrAdd(options.PasswordIterations, rounds => new PasswordHasher(rounds).Hash("decoy-password")));
            return null;
        }
        return PasswordHasher.Verify(password, user.PasswordHash) ? user : null;
    }

    public Task<User?> FindUserAsync(Guid id, CancellationToken ct) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);

    public Task<bool> AnyUserAsync(CancellationToken ct) => db.Users.AnyAsync(ct);

    public async Task<IssuedToken> CreateTokenAsync(Guid userId, string? name, CancellationToken ct)
    {
        var secret = Secrets.NewSecret(TokenPrefix);
        var token = new AccessToken
        {
            UserId = userId,
            Name = string.IsNullOrWhiteSpace(name) ? "token" : name.Trim()[..Math.Min(name.Trim().Length, 200)],
            SecretHash = Secrets.HashSecret(secret),
            CreatedAt = clock.GetUtcNow(),
        };
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new IssuedToken(token.Id, secret);
    }

    /// <summary>
    /// The user a bearer secret belongs to, or null when it is unknown or revoked. A disabled account is
    /// returned too, so the caller can say why it refuses it (<see cref="User.DisabledAt"/>).
    /// </summary>
    public async Task<IReadOnlyList<TokenSummary>> ListTokensAsync(Guid userId, CancellationToken ct)
    {
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .Select(t => new TokenSummary(t.Id, t.Name, t.CreatedAt, t.LastUsedAt)).ToListAsync(ct);
        return [.. tokens.OrderByDescending(t => t.CreatedAt)];
    }

    /// <summary>Revokes one of the user's own tokens; someone else's token is reported as not found.</summary>
    public async Task RevokeTokenAsync(Guid userId, Guid tokenId, CancellationToken ct)
    {
        var deleted = await db.AccessTokens.Where(t => t.Id == tokenId && t.UserId == userId).ExecuteDeleteAsync(ct);
        if (deleted == 0)
            throw new DomainException(ErrorCodes.NotFound, "There is no such token among yours. List your tokens on your account page.");
    }

    /// <summary>Checks a new password against the account rules and hashes it; creation and reset share it.</summary>
    public string HashNewPassword(string password)
    {
        ValidatePassword(password);
        return new PasswordHasher(options.PasswordIterations).Hash(password);
    }

    /// <summary>Why a disabled account is refused, told only to someone who proved to be its owner.</summary>
    public static DomainException Disabled() =>
        new(ErrorCodes.Forbidden, "This account has been disabled by a platform administrator. Ask them to enable it again.");

    private void ValidatePassword(string password)
    {
        if (password.Length < options.MinimumPasswordLength)
            throw new DomainException(ErrorCodes.InvalidRequest,
                $"The password must be at least {options.MinimumPasswordLength} characters long.");
        if (password.Length > 1024)
            throw new DomainException(ErrorCodes.InvalidRequest, "The password must be at most 1024 characters long.");
    }

    private static DomainException EmailTaken(string email) =>
        new(ErrorCodes.EmailTaken, $"An account with the email {email.Trim()} already exists. Sign in instead.");
}
