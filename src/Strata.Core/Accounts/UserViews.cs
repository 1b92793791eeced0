using Strata.Core.Audit;

namespace Strata.Core.Accounts;

/// <summary>An account as platform administrators see it in lists.</summary>
public sealed record UserSummary(Guid Id, string Email, string Name, bool IsPlatformAdmin, DateTimeOffset? DisabledAt, DateTimeOffset CreatedAt)
{
    public bool Disabled => DisabledAt is not null;
}

/// <summary>One page of a search, with the number of all matches.</summary>
public sealed record UserPage(IReadOnlyList<UserSummary> Users, int Total, int Offset);

public sealed record UserOrgRole(string Org, string OrgName, string Role);

public sealed record UserSpaceRole(string Org, string Space, string SpaceName, string Role);

public sealed record UserInstanceRole(string Org, string Space, string SpaceName, string Instance, string InstanceName, string Role);

/// <summary>An account with every explicit role it holds, and the platform log about it.</summary>
public sealed record UserDetails(
    UserSummary User,
    IReadOnlyList<UserOrgRole> Orgs,
    IReadOnlyList<UserSpaceRole> Spaces,
    IReadOnlyList<UserInstanceRole> Instances,
    IReadOnlyList<AuditView> History);
