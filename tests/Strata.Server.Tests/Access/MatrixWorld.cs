using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Storage.Trees;

namespace Strata.Server.Tests.Access;

/// <summary>
/// One organisation "uni" with a private space "physics" and an instance "work", and one user per
/// role of SPEC §2, seeded through the domain so the matrix exercises only the access decisions.
/// </summary>
internal sealed class MatrixWorld
{
    public static readonly string[] Roles = ["none", "member", "faculty", "manager", "admin", "editor", "viewer", "outsider", "platform"];

    private readonly Dictionary<string, HttpClient> clients = [];

    public required StrataApp App { get; init; }

    public required Dictionary<string, Guid> UserIds { get; init; }

    public HttpClient As(string role) => clients[role];

    public static async Task<MatrixWorld> CreateAsync(StrataApp app)
    {
        var ids = new Dictionary<string, Guid>();
        var world = new MatrixWorld { App = app, UserIds = ids };
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        foreach (var role in Roles.Where(r => r != "platform"))
        {
            var user = await accounts.CreateUserAsync($"{role}@example.org", role, "password " + role, false, CancellationToken.None);
            ids[role] = user.Id;
            world.clients[role] = app.ClientWithToken((await accounts.CreateTokenAsync(user.Id, null, CancellationToken.None)).Token);
        }
        world.clients["platform"] = await app.AdminClientAsync();

        var uni = new Organisation { Slug = "uni", Name = "Uni" };
        var other = new Organisation { Slug = "other", Name = "Other" };
        db.Organisations.AddRange(uni, other);
        db.OrgMembers.AddRange(
            new OrgMember { OrgId = uni.Id, UserId = ids["member"], Role = OrgRole.Member },
            new OrgMember { OrgId = uni.Id, UserId = ids["faculty"], Role = OrgRole.Faculty },
            new OrgMember { OrgId = uni.Id, UserId = ids["manager"], Role = OrgRole.Manager },
            new OrgMember { OrgId = other.Id, UserId = ids["outsider"], Role = OrgRole.Manager });
        await db.SaveChangesAsync();
        await world.AddSpaceAsync(db, uni, "physics", SpaceVisibility.Private);
        return world;
    }

    /// <summary>A space where "admin" administers and "editor"/"viewer" hold roles on instance "work".</summary>
    public async Task AddSpaceAsync(StrataDb db, Organisation org, string slug, SpaceVisibility visibility)
    {
        var space = new Space { OrgId = org.Id, Slug = slug, Name = slug, NameKey = slug, Type = SpaceType.Course, Visibility = visibility, CreatedBy = UserIds["admin"] };
        db.Spaces.Add(space);
        db.Instances.AddRange(
            Instance(space, "master", InstanceKind.Master),
            Instance(space, "distributed", InstanceKind.Distributed));
        var work = Instance(space, "work", InstanceKind.Regular);
        db.Instances.Add(work);
        foreach (var instance in db.Instances.Local.Where(i => i.SpaceId == space.Id).ToList())
            db.StateRefs.Add(new StateRefRow { Key = StateRefRow.CurrentOf(instance.Id), Root = Tree.EmptyId.ToString(), Version = 1, InstanceId = instance.Id });
        db.SpaceAdmins.Add(new SpaceAdmin { SpaceId = space.Id, UserId = UserIds["admin"] });
        db.InstanceMembers.AddRange(
            new InstanceMember { InstanceId = work.Id, UserId = UserIds["editor"], Role = InstanceRole.Editor },
            new InstanceMember { InstanceId = work.Id, UserId = UserIds["viewer"], Role = InstanceRole.Viewer });
        await db.SaveChangesAsync();
    }

    /// <summary>Adds a fresh space (for destructive actions) in organisation "uni".</summary>
    public async Task AddSpaceAsync(string slug, SpaceVisibility visibility = SpaceVisibility.Private)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
        var uni = db.Organisations.Single(o => o.Slug == "uni");
        await AddSpaceAsync(db, uni, slug, visibility);
    }

    /// <summary>A fresh member of organisation "uni" (for removing someone without changing the other roles' world).</summary>
    public async Task<Guid> AddOrgMemberAsync(string name)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
        var user = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync($"{name}@example.org", name, "password " + name, false, CancellationToken.None);
        db.OrgMembers.Add(new OrgMember { OrgId = db.Organisations.Single(o => o.Slug == "uni").Id, UserId = user.Id, Role = OrgRole.Member });
        await db.SaveChangesAsync();
        return user.Id;
    }

    private static Instance Instance(Space space, string slug, InstanceKind kind) =>
        new() { SpaceId = space.Id, Slug = slug, Name = slug, NameKey = slug, Kind = kind };
}
