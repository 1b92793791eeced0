using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Pages;

/// <summary>Form posts the pages do not expect are refused with a 4xx, never a 500 and never stored.</summary>
public sealed class PageInputTests
{
    [Theory]
    [InlineData("/orgs/uni/audit")]
    [InlineData("/admin/users")]
    [InlineData("/account")]
    [InlineData("/account?handler=NoSuchHandler")]
    public async Task APostNoHandlerTakesIsRefusedNotAnError(string path)
    {
        await using var app = new StrataApp();
        using var browser = await SignedInAsync(app);

        using var response = await browser.SubmitAsync("/orgs/uni", new Dictionary<string, string>(), path);

        Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest,
            $"POST {path} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task SignInReturnsToANonAsciiAddress()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());

        using var response = await browser.SubmitAsync("/signin?returnUrl=%2Forgs%2FR%C3%A9sum%C3%A9",
            new Dictionary<string, string> { ["Email"] = StrataApp.AdminEmail, ["Password"] = StrataApp.AdminPassword });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/orgs/R%C3%A9sum%C3%A9", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("3")]
    [InlineData("member, manager")]
    public async Task ARoleFormFieldTakesOnlyRoleNames(string role)
    {
        await using var app = new StrataApp();
        using var browser = await SignedInAsync(app);
        using var admin = await app.AdminClientAsync();
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var userId = me.GetProperty("id").GetString();

        using var response = await browser.SubmitAsync("/orgs/uni", new Dictionary<string, string> { ["role"] = role },
            $"/orgs/uni?handler=Role&userId={userId}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var members = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/orgs/uni/members");
        Assert.DoesNotContain(members!, m => m.GetProperty("role").GetString() is not ("member" or "faculty" or "manager"));
    }

    [Fact]
    public async Task AnInstanceRoleChangeTakesEditorViewerOrNoneAndNothingElseRevokes()
    {
        await using var app = new StrataApp();
        using var browser = await SignedInAsync(app);
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "single", name = "Mine" })).EnsureSuccessStatusCode();
        var userId = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetString();
        var change = $"/orgs/uni/spaces/physics/users?handler=Role&instance=mine&userId={userId}";

        async Task<string?> RoleAsync() =>
            (await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/orgs/uni/spaces/physics/instances/mine/members"))!
                .Where(m => m.GetProperty("userId").GetString() == userId).Select(m => m.GetProperty("role").GetString()).SingleOrDefault();

        Assert.Equal("editor", await RoleAsync());
        using (var refused = await browser.SubmitAsync("/orgs/uni/spaces/physics/users", new Dictionary<string, string> { ["instanceRole"] = "owner" }, change))
            Assert.Contains("Choose editor, viewer, or no role", await refused.Content.ReadAsStringAsync());
        Assert.Equal("editor", await RoleAsync());

        (await browser.SubmitAsync("/orgs/uni/spaces/physics/users", new Dictionary<string, string> { ["instanceRole"] = "viewer" }, change)).Dispose();
        Assert.Equal("viewer", await RoleAsync());
        (await browser.SubmitAsync("/orgs/uni/spaces/physics/users", new Dictionary<string, string> { ["instanceRole"] = "none" }, change)).Dispose();
        Assert.Null(await RoleAsync());
    }

    private static async Task<Browser> SignedInAsync(StrataApp app)
    {
        using (var admin = await app.AdminClientAsync())
            (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();
        return browser;
    }
}
