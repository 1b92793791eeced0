namespace Strata.Core.Accounts;

/// <summary>A personal access token. Only the SHA-256 of the secret is stored.</summary>
public sealed class AccessToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid UserId { get; init; }

    public User? User { get; init; }

    public required string Name { get; set; }

    public required string SecretHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
