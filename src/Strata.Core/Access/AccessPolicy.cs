using Strata.Core.Errors;
using Strata.Core.Hierarchy;

namespace Strata.Core.Access;

/// <summary>
/// The single table of SPEC §2: for each action, the level whose visibility decides not-found,
/// who may, and the sentence that tells everyone else which role is needed and who grants it.
/// API endpoints, pages and background jobs all ask this type.
/// </summary>
public static class AccessPolicy
{
    private sealed record Rule(Level Level, Func<Grants, bool> May, string Refusal);

    private const string AskSpaceAdmin = "Ask an administrator of space {space}.";
    private const string AskOrgManager = "Ask a manager of organisation {org}.";

    private static readonly Dictionary<Act, Rule> Rules = new()
    {
        [Act.CreateOrg] = new(Level.Platform, g => g.PlatformAdmin,
            "Only platform administrators can create organisations. Ask your platform administrator."),
        [Act.ViewOrg] = new(Level.Org, g => g.SeesOrg, ""),
        [Act.ViewOrgMembers] = new(Level.Org, IsFacultyOrManager,
            "Only organisation managers and faculty can list the members of an organisation. " + AskOrgManager),
        [Act.ManageOrgMembers] = new(Level.Org, IsManager,
            "Only organisation managers can change or revoke organisation roles. " + AskOrgManager),
        [Act.InviteToOrg] = new(Level.Org, IsManager,
            "Only organisation managers can invite people to an organisation. " + AskOrgManager),
        [Act.ViewAudit] = new(Level.Org, IsManager,
            "Only organisation managers can read the audit log. " + AskOrgManager),
        [Act.CreateSpace] = new(Level.Org, IsFacultyOrManager,
            "Only organisation managers and faculty can create spaces. " + AskOrgManager),
        [Act.ViewSpace] = new(Level.Space, g => g.SeesSpace, ""),
        [Act.EditSpace] = new(Level.Space, g => g.SpaceAdmin,
            "Only space administrators can edit a space. " + AskSpaceAdmin),
        [Act.DeleteSpace] = new(Level.Space, g => g.SpaceAdmin,
            "Only space administrators can delete a space. " + AskSpaceAdmin),
        [Act.ViewSpaceMembers] = new(Level.Space, g => g.SpaceAdmin,
            "Only space administrators can list the users of a space. " + AskSpaceAdmin),
        [Act.InviteToSpace] = new(Level.Space, g => g.SpaceAdmin,
            "Only space administrators can invite people to a space. " + AskSpaceAdmin),
        [Act.CreateInstance] = new(Level.Space, g => g.SpaceAdmin,
            "Only space administrators can create instances. " + AskSpaceAdmin),
        [Act.ViewInstance] = new(Level.Instance, g => g.SeesInstance, ""),
        [Act.EditInstance] = new(Level.Instance, IsEditorOrAdmin,
            "Only editors of this instance and space administrators can edit it. " + AskSpaceAdmin),
        [Act.DeleteInstance] = new(Level.Instance, g => g.SpaceAdmin,
            "Only space administrators can delete instances. " + AskSpaceAdmin),
        [Act.ViewInstanceMembers] = new(Level.Instance, g => g.SeesInstance, ""),
        [Act.ManageInstanceMembers] = new(Level.Instance, g => g.SpaceAdmin,
            "Only space administrators can change or revoke instance roles. " + AskSpaceAdmin),
        [Act.InviteToInstance] = new(Level.Instance, g => g.SpaceAdmin,
            "Only space administrators can invite people to an instance. " + AskSpaceAdmin),
        [Act.ReadState] = new(Level.Instance, g => g.SeesInstance, ""),
        [Act.WriteState] = new(Level.Instance, IsEditorOrAdmin,
            "Only editors of this instance and space administrators can change its files. " + AskSpaceAdmin),
        [Act.CreateSnapshot] = new(Level.Instance, IsEditorOrAdmin,
            "Only editors of this instance and space administrators can create snapshots. " + AskSpaceAdmin),
        [Act.DeleteSnapshot] = new(Level.Instance, IsEditorOrAdmin,
            "Only editors of this instance and space administrators can delete snapshots. " + AskSpaceAdmin),
        [Act.ViewSpaceStorage] = new(Level.Space, g => g.SpaceAdmin,
            "Only space administrators can see the storage a space uses. " + AskSpaceAdmin),
        [Act.ViewInstanceStorage] = new(Level.Instance, g => g.SpaceAdmin,
            "Only space administrators can see the storage an instance uses. " + AskSpaceAdmin),
        [Act.DistributeToMany] = new(Level.Space, g => g.SpaceAdmin,
            "Only space administrators can distribute to several instances or to all of them. " + AskSpaceAdmin),
        [Act.DistributeToOne] = new(Level.Instance, IsEditorOrAdmin,
            "Only editors of the target instance and space administrators can distribute into it. " + AskSpaceAdmin),
        [Act.ViewDistributions] = new(Level.Space, g => g.SpaceAdmin,
            "Only space administrators can list the distributions of a space. " + AskSpaceAdmin),
        [Act.ManageUsers] = new(Level.Platform, g => g.PlatformAdmin,
            "Only platform administrators can look up, disable or enable accounts and send reset links. Ask your platform administrator."),
        [Act.ManageStorage] = new(Level.Platform, g => g.PlatformAdmin,
            "Only platform administrators can check the content store or collect its garbage. Ask your platform administrator."),
        // Assignments (SPEC §12): graders are the space's administrators; whoever sees an instance sees its hand-ins, its
        // editors hand in. A student's grade and feedback are never readable here: hand-back writes them into their own state.
        [Act.ViewAssignments] = new(Level.Space, g => g.SeesSpace, ""),
        [Act.ManageAssignments] = new(Level.Space, g => g.SpaceAdmin,
            "Only space administrators can create, change, collect and grade assignments. " + AskSpaceAdmin),
        [Act.HandIn] = new(Level.Instance, IsEditorOrAdmin,
            "Only editors of this instance can hand in its work. " + AskSpaceAdmin),
        [Act.ViewHandIns] = new(Level.Instance, g => g.SeesInstance, ""),
        [Act.DeleteHandIn] = new(Level.Instance, g => g.SpaceAdmin,
            "Only space administrators can delete hand-ins: they are kept for grading. " + AskSpaceAdmin),
    };

    public static bool Sees(Act act, Grants grants) => Rules[act].Level switch
    {
        Level.Platform => true,
        Level.Org => grants.SeesOrg,
        Level.Space => grants.SeesSpace,
        _ => grants.SeesInstance,
    };

    public static bool May(Act act, Grants grants) => Sees(act, grants) && Rules[act].May(grants);

    /// <summary>Throws not_found when the caller cannot see the resource, forbidden when they may not act on it.</summary>
    public static void Demand(Act act, Grants grants, string? orgName = null, string? spaceName = null)
    {
        if (!Sees(act, grants))
            throw new DomainException(ErrorCodes.NotFound, NotFoundDetail(Rules[act].Level));
        if (!Rules[act].May(grants))
            throw new DomainException(ErrorCodes.Forbidden,
                Rules[act].Refusal.Replace("{space}", $"\"{spaceName}\"").Replace("{org}", $"\"{orgName}\""));
    }

    public static string NotFoundDetail(Level level) => level switch
    {
        Level.Org => "There is no such organisation, or you are not a member of it.",
        Level.Space => "There is no such space, or you have no access to it.",
        _ => "There is no such instance, or you have no access to it.",
    };

    private static bool IsManager(Grants g) => g.OrgRole == OrgRole.Manager;

    private static bool IsFacultyOrManager(Grants g) => g.OrgRole is OrgRole.Faculty or OrgRole.Manager;

    private static bool IsEditorOrAdmin(Grants g) => g.SpaceAdmin || g.InstanceRole == InstanceRole.Editor;
}
