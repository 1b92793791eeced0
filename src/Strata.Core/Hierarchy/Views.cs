namespace Strata.Core.Hierarchy;

// What the domain returns to its callers; shaped like API.md's resources so the host can serialise them as they are.

public sealed record OrgView(string Slug, string Name, string? MyRole);

public sealed record OrgMemberView(Guid UserId, string Email, string Name, string Role);

public sealed record SpaceView(string Slug, string Name, string Description, SpaceType Type, SpaceVisibility Visibility, string? MyRole, long? InstanceQuotaBytes);

public sealed record InstanceRoleView(string Slug, string Role);

public sealed record SpaceMemberView(Guid UserId, string Email, string Name, string? SpaceRole, IReadOnlyList<InstanceRoleView> Instances);

public sealed record InstanceView(
    string Slug,
    string Name,
    string Description,
    InstanceKind Kind,
    string CurrentStateDescription,
    bool Idle,
    string? MyRole,
    DateTimeOffset CreatedAt,
    long? QuotaBytes,
    long? UsedBytes = null);

public sealed record InstanceMemberView(Guid UserId, string Email, string Name, string Role);

public static class RoleNames
{
    public static string Of(OrgRole role) => role.ToString().ToLowerInvariant();

    public static string Of(InstanceRole role) => role.ToString().ToLowerInvariant();
}
