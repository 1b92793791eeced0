namespace Strata.Core.Accounts;

/// <summary>
/// A password reset link sent by email. Only the SHA-256 of its secret is stored. It works once, until
/// <see cref="ExpiresAt"/>, and only while the password is still the one it was sent for.
/// </summary>
public sealed class PasswordReset
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid UserId { get; init; }

    public required string SecretHash { get; init; }

    /// <summary><see cref="Accounts.PasswordStamp"/> of the password when the link was sent.</summary>
    public required string PasswordStamp { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }
}
