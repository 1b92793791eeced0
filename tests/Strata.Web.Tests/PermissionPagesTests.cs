using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Strata.Web.Tests.WebSession;

namespace Strata.Web.Tests;

/// <summary>What a viewer sees and may not do, refusals in the words of SPEC §2, and a form error that loses nothing.</summary>
public sealed class PermissionPagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    [Fact]
    public async Task AViewerSeesTheWorkButNoWayToChangeItAndRefusalsSayWhoCanHelp()
    {
        await using var server = new WebServer();
        using var api = await AdminApiAsync(server);
        (await api.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Space}/instances/ann/states/current/files/notes.md", new StringContent("# Notes\n"))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"{Space}/instances/ann/invitations", new { emails = new[] { "victor@example.org" }, role = "viewer" })).EnsureSuccessStatusCode();
        var token = new Uri(await server.InvitationLinkAsync("victor@example.org")).Segments[^1];
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        (await anonymous.PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { name = "Victor", password = "victor's password" })).EnsureSuccessStatusCode();

        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync("victor@example.org");
        await page.GetByLabel("Password").FillAsync("victor's password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync("/orgs/uni/spaces/physics/instances/ann");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "notes.md", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Upload" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Delete notes.md" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Quick snapshot" })).ToHaveCountAsync(0);
        await page.GotoAsync("/orgs/uni/spaces/physics");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "+ Add new instance" })).ToHaveCountAsync(0);

        var forbidden = await page.GotoAsync("/orgs/uni/spaces/physics/add-instance");
        Assert.Equal(403, forbidden!.Status);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Only space administrators can create instances. Ask an administrator of space \"Physics\".");
        var missing = await page.GotoAsync("/orgs/uni/spaces/chemistry");
        Assert.Equal(404, missing!.Status);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("There is no such space, or you have no access to it.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to your dashboard" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnAdministratorChangesAndRevokesInstanceRolesOnTheUsersPage()
    {
        await using var server = new WebServer();
        using var api = await AdminApiAsync(server);
        (await api.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"{Space}/instances/ann/invitations", new { emails = new[] { "victor@example.org" }, role = "viewer" })).EnsureSuccessStatusCode();
        var token = new Uri(await server.InvitationLinkAsync("victor@example.org")).Segments[^1];
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        (await anonymous.PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { name = "Victor", password = "victor's password" })).EnsureSuccessStatusCode();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(WebServer.AdminEmail);
        await page.GetByLabel("Password").FillAsync(WebServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync("/orgs/uni/spaces/physics/users");
        await page.GetByLabel("Role of Victor on ann").SelectOptionAsync("editor");
        await page.Locator("tr", new() { HasText = "victor@example.org" }).GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Victor is now editor of Ann");

        // Revoking asks first: dismissed, nothing happens; confirmed, the role goes.
        string? asked = null;
        void Dismiss(object? sender, IDialog dialog) { asked = dialog.Message; _ = dialog.DismissAsync(); }
        page.Dialog += Dismiss;
        await page.GetByLabel("Role of Victor on Ann").SelectOptionAsync("none");
        await page.Locator("tr", new() { HasText = "victor@example.org" }).GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        Assert.Equal("Revoke the role of Victor on Ann? They lose access to it at once.", asked);
        Assert.Single((await api.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/members")).EnumerateArray(), m => m.GetProperty("email").GetString() == "victor@example.org");
        page.Dialog -= Dismiss;
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.Locator("tr", new() { HasText = "victor@example.org" }).GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("revoked");

        var members = await api.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/members");
        Assert.DoesNotContain("victor@example.org", members.EnumerateArray().Select(m => m.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task AnAdministratorEditsTheSpaceAndDeletesItOnlyWhenTheNameIsTyped()
    {
        await using var server = new WebServer();
        using var api = await AdminApiAsync(server);
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(WebServer.AdminEmail);
        await page.GetByLabel("Password").FillAsync(WebServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync("/orgs/uni/spaces/physics");
        await page.Locator("#settings summary").ClickAsync();
        await page.GetByLabel("Description").FillAsync("Mechanics and waves");
        await page.GetByLabel("Visibility", new() { Exact = true }).SelectOptionAsync("Public");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Space settings saved");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Mechanics and waves");
        Assert.Equal("public", (await api.GetFromJsonAsync<JsonElement>(Space)).GetProperty("visibility").GetString());

        await page.Locator("#settings summary").ClickAsync();
        await page.GetByLabel("Type the space's name to confirm").FillAsync("physics?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete space" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Type the space's name, \"Physics\"");
        await page.Locator("#settings summary").ClickAsync();
        await page.GetByLabel("Type the space's name to confirm").FillAsync("Physics");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete space" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Space \"Physics\" deleted");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync(Space)).StatusCode);
    }

    [Fact]
    public async Task ABadAddressIsNamedOnTheFormAndNothingIsCreated()
    {
        await using var server = new WebServer();
        using var api = await AdminApiAsync(server);
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(WebServer.AdminEmail);
        await page.GetByLabel("Password").FillAsync(WebServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync("/orgs/uni/spaces/physics/add-instance");
        await page.GetByLabel("Emails").FillAsync("ann@example.org, not-an-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Instance" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not-an-address");
        await Expect(page.GetByLabel("Emails")).ToHaveValueAsync("ann@example.org, not-an-address");
        var instances = await api.GetFromJsonAsync<JsonElement>($"{Space}/instances");
        Assert.Equal(["master", "distributed"], instances.EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
    }
}
