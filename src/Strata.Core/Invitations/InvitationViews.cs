namespace Strata.Core.Invitations;

public sealed record GrantView(string Org, string? Space, string? Instance, string Role);

/// <summary>API.md's Invitation: the secret never appears in it.</summary>
public sealed record InvitationView(Guid Id, string Email, IReadOnlyList<GrantView> Grants, string Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>What the person holding the link sees before accepting.</summary>
public sealed record InvitationReview(
    string Email,
    string InvitedBy,
    IReadOnlyList<GrantView> Grants,
    string Status,
    DateTimeOffset ExpiresAt,
    bool AccountExists);

public sealed record AcceptResult(Guid UserId, IReadOnlyList<GrantView> Grants);
