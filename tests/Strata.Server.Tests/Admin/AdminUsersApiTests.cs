using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Server.Tests.Auth;

namespace Strata.Server.Tests.Admin;

/// <summary>Platform administrators find accounts, see their roles, disable and enable them, and send reset links.</summary>
public sealed class AdminUsersApiTests
{
    private const string Users = "/api/v1/admin/users";

    [Fact]
    public async Task AdministratorsFindAnAccountAndSeeItsRoles()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        var ann = await CreateUserAsync(app, "ann@uni.edu", "Ann Lee");
        await CreateUserAsync(app, "bob@uni.edu", "Bob");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
            var org = db.Organisations.Single(o => o.Slug == "uni");
            var master = db.Instances.Single(i => i.Slug == "master");
            db.OrgMembers.Add(new OrgMember { OrgId = org.Id, UserId = ann, Role = OrgRole.Faculty });
            db.InstanceMembers.Add(new InstanceMember { InstanceId = master.Id, UserId = ann, Role = InstanceRole.Editor });
            await db.SaveChangesAsync();
        }

        var found = await admin.GetFromJsonAsync<JsonElement>($"{Users}?q=LEE");
        var details = await admin.GetFromJsonAsync<JsonElement>($"{Users}/{ann}");
        using var firstPage = await admin.GetAsync($"{Users}?limit=2");

        var only = Assert.Single(found.EnumerateArray());
        Assert.Equal("ann@uni.edu", only.GetProperty("email").GetString());
        Assert.False(only.GetProperty("disabled").GetBoolean());
        Assert.Equal("faculty", details.GetProperty("orgs")[0].GetProperty("role").GetString());
        var instance = Assert.Single(details.GetProperty("instances").EnumerateArray());
        Assert.Equal(("physics", "master", "editor"), (instance.GetProperty("space").GetString(), instance.GetProperty("instance").GetString(), instance.GetProperty("role").GetString()));
        Assert.Equal(2, (await firstPage.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Contains("rel=\"next\"", firstPage.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADisabledAccountLosesSignInTokensAndSessionsUntilEnabledAgain()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        var ann = await CreateUserAsync(app, "ann@uni.edu", "Ann");
        using var annToken = app.ClientWithToken((await app.CreateTokenAsync("ann@uni.edu", "ann's password")).Token);
        using var annBrowser = new Browser(app.CreateBrowser());
        (await annBrowser.SignInAsync("ann@uni.edu", "ann's password")).Dispose();

        using var disabled = await admin.PatchAsJsonAsync($"{Users}/{ann}", new { disabled = true });

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        var tokenRefused = await Problem.AssertAsync(await annToken.GetAsync("/api/v1/me"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("disabled by a platform administrator", tokenRefused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem.AssertAsync(await annBrowser.Client.GetAsync("/api/v1/me"), HttpStatusCode.Forbidden, "forbidden");
        using var page = await annBrowser.Client.GetAsync("/account");
        Assert.StartsWith("/signin", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var anonymous = app.CreateClient();
        await Problem.AssertAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/tokens", new { email = "ann@uni.edu", password = "ann's password" }), HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/tokens", new { email = "ann@uni.edu", password = "a guess" }), HttpStatusCode.Unauthorized, "invalid_credentials");
        using var signInPage = await annBrowser.SignInAsync("ann@uni.edu", "ann's password");
        Assert.Contains("disabled by a platform administrator", await signInPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var enabled = await admin.PatchAsJsonAsync($"{Users}/{ann}", new { disabled = false });

        Assert.False((await enabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await annToken.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync("/api/v1/auth/tokens", new { email = "ann@uni.edu", password = "ann's password" })).StatusCode);
    }

    [Fact]
    public async Task AnAdministratorSendsAResetLinkThatSaysWhoSentIt()
    {
        await using var app = new StrataApp();
        await using var server = PasswordResetApiTests.FastMail(app);
        using var admin = server.CreateClient();
        using var issued = await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = StrataApp.AdminPassword });
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        var ann = await CreateUserAsync(server, "ann@uni.edu", "Ann");

        using var sent = await admin.PostAsync($"{Users}/{ann}/password-reset", null);

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var token = await Mailbox.ResetTokenAsync(app, "ann@uni.edu");
        Assert.Contains($"A platform administrator ({StrataApp.AdminEmail})", Assert.Single(await Mailbox.TextsAsync(app, "ann@uni.edu")), StringComparison.Ordinal);
        using var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync($"/api/v1/auth/password-reset/{token}", new { password = "ann's new password" })).StatusCode);
    }

    [Fact]
    public async Task BadRequestsAreProblemsNeverErrors()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        var ann = await CreateUserAsync(app, "ann@uni.edu", "Ann");
        var me = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();

        await Problem.AssertAsync(await admin.PatchAsJsonAsync($"{Users}/{ann}", new { }), HttpStatusCode.BadRequest, "invalid_request");
        using var text = new StringContent("""{"disabled":"yes"}""", Encoding.UTF8, "application/json");
        await Problem.AssertAsync(await admin.PatchAsync($"{Users}/{ann}", text), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await admin.PatchAsJsonAsync($"{Users}/{Guid.NewGuid()}", new { disabled = true }), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await admin.GetAsync($"{Users}/not-an-id"), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await admin.GetAsync($"{Users}?limit=0"), HttpStatusCode.BadRequest, "invalid_request");
        var self = await Problem.AssertAsync(await admin.PatchAsJsonAsync($"{Users}/{me}", new { disabled = true }), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("your own account", self.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await admin.PatchAsJsonAsync($"{Users}/{ann}", new { disabled = true });
        await Problem.AssertAsync(await admin.PostAsync($"{Users}/{ann}/password-reset", null), HttpStatusCode.BadRequest, "invalid_request");
    }

    private static async Task<Guid> CreateUserAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string email, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(email, name, "ann's password", false, default);
        return user.Id;
    }
}
