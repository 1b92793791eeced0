namespace Strata.Core.Access;

/// <summary>Every action of SPEC §2's table that Strata checks; <see cref="AccessPolicy"/> says who may.</summary>
public enum Act
{
    CreateOrg,
    ViewOrg,
    ViewOrgMembers,
    ManageOrgMembers,
    InviteToOrg,
    ViewAudit,
    CreateSpace,
    ViewSpace,
    EditSpace,
    DeleteSpace,
    ViewSpaceMembers,
    InviteToSpace,
    CreateInstance,
    ViewInstance,
    EditInstance,
    DeleteInstance,
    ViewInstanceMembers,
    ManageInstanceMembers,
    InviteToInstance,
    ReadState,
    WriteState,
    CreateSnapshot,
    DeleteSnapshot,
    ViewSpaceStorage,
    ViewInstanceStorage,
    DistributeToMany,
    DistributeToOne,
    ViewDistributions,
    ManageUsers,
}

/// <summary>The level a resource sits at: who cannot see it gets not found, not forbidden.</summary>
public enum Level
{
    Platform,
    Org,
    Space,
    Instance,
}
