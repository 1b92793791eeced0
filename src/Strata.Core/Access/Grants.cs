using Strata.Core.Hierarchy;

namespace Strata.Core.Access;

/// <summary>
/// What one user holds on one resource after every automatic rule of SPEC §2 is applied:
/// platform administrators manage every organisation, org managers administer every space,
/// visibility makes Master viewable, editors anywhere in a space view its Distributed instance.
/// </summary>
public sealed record Grants(
    bool PlatformAdmin,
    OrgRole? OrgRole,
    bool SpaceAdmin,
    InstanceRole? InstanceRole,
    bool SeesSpace)
{
    public static readonly Grants None = new(false, null, false, null, false);

    public bool SeesOrg => OrgRole is not null;

    public bool SeesInstance => SpaceAdmin || InstanceRole is not null;

    /// <summary>The instance role as API.md's <c>myRole</c>: admin, editor, viewer or null.</summary>
    public string? InstanceRoleName => SpaceAdmin ? "admin" : InstanceRole switch
    {
        Hierarchy.InstanceRole.Editor => "editor",
        Hierarchy.InstanceRole.Viewer => "viewer",
        _ => null,
    };
}
