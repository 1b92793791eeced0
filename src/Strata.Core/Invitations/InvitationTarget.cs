using Strata.Core.Access;
using Strata.Core.Hierarchy;

namespace Strata.Core.Invitations;

/// <summary>What an invitation is to: an organisation role, administration of a space, or a role on an instance.</summary>
public sealed record InvitationTarget(GrantKind Kind, Organisation Org, Space? Space, Instance? Instance)
{
    public static InvitationTarget ToOrg(OrgScope scope) => new(GrantKind.Org, scope.Org, null, null);

    public static InvitationTarget ToSpace(SpaceScope scope) => new(GrantKind.SpaceAdmin, scope.Org, scope.Space, null);

    public static InvitationTarget ToInstance(Organisation org, Space space, Instance instance) => new(GrantKind.Instance, org, space, instance);

    public GrantView View(string role) => new(Org.Slug, Space?.Slug, Instance?.Slug, role);

    /// <summary>The offer in words, for emails and the review page.</summary>
    public string Describe(string role) => Kind switch
    {
        GrantKind.Org => $"{role} of the organisation {Org.Name}",
        GrantKind.SpaceAdmin => $"administrator of the {Space!.Type.ToString().ToLowerInvariant()} {Space.Name} ({Org.Name})",
        _ => $"{role} of the instance {Instance!.Name} in {Space!.Name} ({Org.Name})",
    };
}
