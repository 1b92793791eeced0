namespace Strata.Core.Accounts;

public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The address as the person typed it.</summary>
    public required string Email { get; set; }

    /// <summary>Trimmed, lower-case form; unique, so emails are unique case-insensitively on every provider.</summary>
    public required string EmailNormalized { get; set; }

    public required string Name { get; set; }

    public required string PasswordHash { get; set; }

    public bool IsPlatformAdmin { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set by a platform administrator: the account can neither sign in nor use its tokens or sessions.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}
