using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;

namespace Strata.Core.Tests.Accounts;

public sealed class UserAdministrationTests
{
    [Fact]
    public async Task SearchFindsPartOfANameOrEmailInAnyCaseAPageAtATime()
    {
        await using var host = await CoreHost.CreateAsync();
        for (var i = 0; i < 12; i++)
            await host.RunAsync(s => s.GetRequiredService<AccountService>().CreateUserAsync($"student{i:00}@uni.edu", $"Student {i}", "student password", false, default));
        await host.RunAsync(s => s.GetRequiredService<AccountService>().CreateUserAsync("prof@uni.edu", "Grace Hopper", "prof password", false, default));

        var first = await SearchAsync(host, "STUDENT", 0, 5);
        var last = await SearchAsync(host, "student", 10, 5);
        var byName = await SearchAsync(host, "hopp", 0, 5);
        var literal = await SearchAsync(host, "%", 0, 5);

        Assert.Equal(12, first.Total);
        Assert.Equal(["student00@uni.edu", "student01@uni.edu", "student02@uni.edu", "student03@uni.edu", "student04@uni.edu"], first.Users.Select(u => u.Email));
        Assert.Equal(["student10@uni.edu", "student11@uni.edu"], last.Users.Select(u => u.Email));
        Assert.Equal("prof@uni.edu", Assert.Single(byName.Users).Email);
        Assert.Equal(0, literal.Total);
        Assert.Equal(14, (await SearchAsync(host, null, 0, 100)).Total);
    }

    [Fact]
    public async Task DetailsListTheRolesInOrganisationsSpacesAndInstances()
    {
        await using var host = await CoreHost.CreateAsync();
        var ann = await PasswordResetTests.CreateAnnAsync(host);
        await host.CreateSpaceAsync();
        await host.RunAsync(async s =>
        {
            var db = s.GetRequiredService<StrataDb>();
            var org = db.Organisations.Single(o => o.Slug == "uni");
            var space = db.Spaces.Single(x => x.Slug == "physics");
            var master = db.Instances.Single(i => i.SpaceId == space.Id && i.Slug == "master");
            db.OrgMembers.Add(new OrgMember { OrgId = org.Id, UserId = ann.Id, Role = OrgRole.Faculty });
            db.SpaceAdmins.Add(new SpaceAdmin { SpaceId = space.Id, UserId = ann.Id });
            db.InstanceMembers.Add(new InstanceMember { InstanceId = master.Id, UserId = ann.Id, Role = InstanceRole.Viewer });
            await db.SaveChangesAsync();
        });

        var details = await host.RunAsync(s => s.GetRequiredService<UserAdministration>().DetailsAsync(host.Admin, ann.Id, default));

        Assert.Equal("ann@uni.edu", details.User.Email);
        Assert.Equal(new UserOrgRole("uni", "uni", "faculty"), Assert.Single(details.Orgs));
        Assert.Equal(new UserSpaceRole("uni", "physics", "physics", "admin"), Assert.Single(details.Spaces));
        Assert.Equal(new UserInstanceRole("uni", "physics", "physics", "master", "Master", "viewer"), Assert.Single(details.Instances));
    }

    [Fact]
    public async Task OnlyPlatformAdministratorsManageAccounts()
    {
        await using var host = await CoreHost.CreateAsync();
        var ann = await PasswordResetTests.CreateAnnAsync(host);
        var annActor = new Actor(ann.Id, ann.Email, false);

        var refusals = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => SearchAsync(host, null, 0, 10, annActor)),
            await Assert.ThrowsAsync<DomainException>(() => host.RunAsync(s => s.GetRequiredService<UserAdministration>().DetailsAsync(annActor, ann.Id, default))),
            await Assert.ThrowsAsync<DomainException>(() => host.RunAsync(s => s.GetRequiredService<UserAdministration>().SetDisabledAsync(annActor, host.Admin.UserId, true, default))),
            await Assert.ThrowsAsync<DomainException>(() => host.RunAsync(s => s.GetRequiredService<UserAdministration>().SendResetAsync(annActor, host.Admin.UserId, default))),
        };

        Assert.All(refusals, e => Assert.Equal(ErrorCodes.Forbidden, e.Code));
        Assert.All(refusals, e => Assert.StartsWith("Only platform administrators", e.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADisabledAccountCannotSignInUntilItIsEnabledAgainAndBothAreLogged()
    {
        await using var host = await CoreHost.CreateAsync();
        var ann = await PasswordResetTests.CreateAnnAsync(host);

        var disabled = await host.RunAsync(s => s.GetRequiredService<UserAdministration>().SetDisabledAsync(host.Admin, ann.Id, true, default));
        var refused = await Assert.ThrowsAsync<DomainException>(() => SignInAsync(host, "ann's old password"));
        var wrong = await Assert.ThrowsAsync<DomainException>(() => SignInAsync(host, "a wrong password"));
        await host.RunAsync(s => s.GetRequiredService<UserAdministration>().SetDisabledAsync(host.Admin, ann.Id, false, default));

        Assert.True(disabled.Disabled);
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Contains("disabled by a platform administrator", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.InvalidCredentials, wrong.Code);
        Assert.Equal(ann.Id, (await SignInAsync(host, "ann's old password")).Id);
        var details = await host.RunAsync(s => s.GetRequiredService<UserAdministration>().DetailsAsync(host.Admin, ann.Id, default));
        Assert.Equal(["user.enabled", "user.disabled"], details.History.Select(h => h.Action));
        Assert.All(details.History, h => Assert.Equal("admin@example.org", h.Actor));
        Assert.Null(details.User.DisabledAt);
    }

    [Fact]
    public async Task AnAdministratorCannotDisableTheirOwnAccount()
    {
        await using var host = await CoreHost.CreateAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<UserAdministration>().SetDisabledAsync(host.Admin, host.Admin.UserId, true, default)));

        Assert.Equal(ErrorCodes.InvalidRequest, refused.Code);
    }

    [Fact]
    public async Task AnUnknownAccountIsNotFound()
    {
        await using var host = await CoreHost.CreateAsync();

        var missing = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<UserAdministration>().DetailsAsync(host.Admin, Guid.NewGuid(), default)));

        Assert.Equal(ErrorCodes.NotFound, missing.Code);
    }

    private static Task<UserPage> SearchAsync(CoreHost host, string? query, int offset, int limit, Actor? actor = null) =>
        host.RunAsync(s => s.GetRequiredService<UserAdministration>().SearchAsync(actor ?? host.Admin, query, offset, limit, default));

    private static Task<User> SignInAsync(CoreHost host, string password) =>
        host.RunAsync(s => s.GetRequiredService<PasswordSignIn>().SignInAsync("ann@uni.edu", password, IPAddress.Loopback, default));
}
