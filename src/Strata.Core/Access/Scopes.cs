using Strata.Core.Hierarchy;

namespace Strata.Core.Access;

public sealed record OrgScope(Organisation Org, Grants Grants);

/// <summary>A space with the caller's grants on it and their explicit roles on its instances.</summary>
public sealed record SpaceScope(
    Organisation Org,
    Space Space,
    Grants Grants,
    IReadOnlyDictionary<Guid, InstanceRole> ExplicitInstanceRoles)
{
    /// <summary>The caller's grants on one instance of this space, automatic rules included.</summary>
    public Grants For(Instance instance)
    {
        InstanceRole? role = ExplicitInstanceRoles.TryGetValue(instance.Id, out var explicitRole) ? explicitRole : null;
        if (role is null && instance.Kind == InstanceKind.Master && VisibilityGrantsMaster(Space.Visibility, Grants.OrgRole))
            role = InstanceRole.Viewer;
        if (role is null && instance.Kind == InstanceKind.Distributed && ExplicitInstanceRoles.Values.Contains(InstanceRole.Editor))
            role = InstanceRole.Viewer;
        return Grants with { InstanceRole = role };
    }

    public static bool VisibilityGrantsMaster(SpaceVisibility visibility, OrgRole? orgRole) => visibility switch
    {
        SpaceVisibility.Public => orgRole is not null,
        SpaceVisibility.Faculty => orgRole is OrgRole.Faculty or OrgRole.Manager,
        _ => false,
    };
}

public sealed record InstanceScope(SpaceScope SpaceScope, Instance Instance, Grants Grants)
{
    public Organisation Org => SpaceScope.Org;

    public Space Space => SpaceScope.Space;
}
