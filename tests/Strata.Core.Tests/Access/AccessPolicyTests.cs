using Strata.Core.Access;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;

namespace Strata.Core.Tests.Access;

public sealed class AccessPolicyTests
{
    private static readonly Grants Member = Grants.None with { OrgRole = OrgRole.Member };
    private static readonly Grants Faculty = Grants.None with { OrgRole = OrgRole.Faculty };
    private static readonly Grants Manager = Grants.None with { OrgRole = OrgRole.Manager, SpaceAdmin = true, SeesSpace = true };
    private static readonly Grants Editor = Member with { SeesSpace = true, InstanceRole = InstanceRole.Editor };
    private static readonly Grants Viewer = Member with { SeesSpace = true, InstanceRole = InstanceRole.Viewer };

    [Fact]
    public void CallerWhoCannotSeeTheResourceGetsNotFoundNotForbidden()
    {
        var error = Assert.Throws<DomainException>(() => AccessPolicy.Demand(Act.CreateInstance, Member, "Uni", "Physics"));
        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public void ForbiddenNamesTheRoleNeededAndWhoGrantsIt()
    {
        var error = Assert.Throws<DomainException>(() => AccessPolicy.Demand(Act.CreateInstance, Editor, "Uni", "Physics"));
        Assert.Equal(ErrorCodes.Forbidden, error.Code);
        Assert.Equal("Only space administrators can create instances. Ask an administrator of space \"Physics\".", error.Detail);
    }

    [Fact]
    public void OnlyPlatformAdministratorsCreateOrganisations()
    {
        Assert.True(AccessPolicy.May(Act.CreateOrg, Grants.None with { PlatformAdmin = true }));
        Assert.False(AccessPolicy.May(Act.CreateOrg, Manager));
    }

    [Fact]
    public void FacultyAndManagersCreateSpacesMembersDoNot()
    {
        Assert.True(AccessPolicy.May(Act.CreateSpace, Faculty));
        Assert.True(AccessPolicy.May(Act.CreateSpace, Manager));
        Assert.False(AccessPolicy.May(Act.CreateSpace, Member));
    }

    [Fact]
    public void EditorsChangeFilesViewersOnlyRead()
    {
        Assert.True(AccessPolicy.May(Act.WriteState, Editor));
        Assert.True(AccessPolicy.May(Act.ReadState, Viewer));
        Assert.False(AccessPolicy.May(Act.WriteState, Viewer));
        Assert.False(AccessPolicy.May(Act.DeleteInstance, Editor));
        Assert.True(AccessPolicy.May(Act.DeleteInstance, Manager));
    }

    [Theory]
    [InlineData(SpaceVisibility.Public, OrgRole.Member, true)]
    [InlineData(SpaceVisibility.Public, null, false)]
    [InlineData(SpaceVisibility.Faculty, OrgRole.Member, false)]
    [InlineData(SpaceVisibility.Faculty, OrgRole.Faculty, true)]
    [InlineData(SpaceVisibility.Faculty, OrgRole.Manager, true)]
    [InlineData(SpaceVisibility.Private, OrgRole.Faculty, false)]
    public void VisibilityMakesMasterViewable(SpaceVisibility visibility, OrgRole? role, bool viewer) =>
        Assert.Equal(viewer, SpaceScope.VisibilityGrantsMaster(visibility, role));

    [Fact]
    public void EditorOfAnyInstanceViewsDistributed()
    {
        var org = new Organisation { Slug = "uni", Name = "Uni" };
        var space = new Space { Slug = "s", Name = "S", NameKey = "s", OrgId = org.Id };
        var own = new Instance { Slug = "alice", Name = "alice", NameKey = "alice", SpaceId = space.Id };
        var distributed = new Instance { Slug = "distributed", Name = "Distributed", NameKey = "distributed", Kind = InstanceKind.Distributed };
        var master = new Instance { Slug = "master", Name = "Master", NameKey = "master", Kind = InstanceKind.Master };

        var editor = new SpaceScope(org, space, Member with { SeesSpace = true }, new Dictionary<Guid, InstanceRole> { [own.Id] = InstanceRole.Editor });
        Assert.Equal(InstanceRole.Viewer, editor.For(distributed).InstanceRole);
        Assert.Null(editor.For(master).InstanceRole);

        var viewer = new SpaceScope(org, space, Member with { SeesSpace = true }, new Dictionary<Guid, InstanceRole> { [own.Id] = InstanceRole.Viewer });
        Assert.Null(viewer.For(distributed).InstanceRole);
    }
}
