namespace Strata.Core.Invitations;

public enum InvitationStatus
{
    Pending,
    Accepted,
    Declined,
    Revoked,
}

/// <summary>
/// An email invitation carrying one or more grants. Only the SHA-256 of its link secret is stored;
/// resending issues a new secret, so the newest email is the one that works.
/// </summary>
public sealed class Invitation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OrgId { get; init; }

    public required string Email { get; init; }

    public required string EmailNormalized { get; init; }

    public required string SecretHash { get; set; }

    public Guid InvitedById { get; init; }

    public required string InvitedBy { get; init; }

    public InvitationStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public List<InvitationGrant> Grants { get; init; } = [];

    public bool IsExpired(DateTimeOffset now) => Status == InvitationStatus.Pending && now >= ExpiresAt;
}

public enum GrantKind
{
    Org,
    SpaceAdmin,
    Instance,
}

/// <summary>One role the invitation gives: an org role, space admin, or a role on one instance.</summary>
public sealed class InvitationGrant
{
    public long Id { get; init; }

    public Guid InvitationId { get; init; }

    public GrantKind Kind { get; init; }

    public Guid? SpaceId { get; init; }

    public Guid? InstanceId { get; init; }

    /// <summary>manager, faculty, member, admin, editor or viewer.</summary>
    public required string Role { get; set; }
}
