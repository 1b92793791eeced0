using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>
/// A teacher's view of a 200-student course made through the API: who is in which instance, who has
/// not accepted, who worked last; search, sort and pages. Screenshots go to the screenshots folder.
/// </summary>
public sealed class ClassOverviewPagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    [Fact]
    public async Task ATeacherFindsEveryStudentOfA200StudentCourse()
    {
        await using var server = new WebServer();
        using var api = await AdminApiAsync(server);
        var emails = Enumerable.Range(1, 199).Select(n => $"student{n:000}@uni.edu").Prepend("Ann Smith <ann@uni.edu>");
        (await api.PostAsJsonAsync($"{Space}/instances", new { mode = "separate", emails = string.Join("\n", emails) })).EnsureSuccessStatusCode();
        // Ann accepts and works; the others have not answered yet.
        using var anon = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var token = (await server.InvitationLinkAsync("ann@uni.edu")).Split('/')[^1];
        (await anon.PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { name = "Ann Smith", password = "ann's password" })).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Space}/instances/ann_smith/states/current/files/answer.md", new StringContent("42"))).EnsureSuccessStatusCode();

        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync("/orgs/uni/spaces/physics");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your instances" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Students (200)" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.overview tbody tr")).ToHaveCountAsync(50);
        await Expect(page.Locator("nav.pages")).ToContainTextAsync("Page 1 of 4");
        await Expect(page.Locator("tr", new() { HasText = "Ann Smith" })).ToContainTextAsync("ann@uni.edu");
        await Expect(page.Locator("tr", new() { HasText = "student001" })).ToContainTextAsync("invitation pending");
        // Times are written in UTC and shown in the reader's time zone.
        await Expect(page.Locator("table.overview time").First).Not.ToContainTextAsync("UTC");
        await Expect(page.Locator("table.overview time").First).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("UTC$"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "class-overview.png") });

        await page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).ClickAsync();
        await Expect(page.Locator("nav.pages")).ToContainTextAsync("Page 2 of 4");

        await page.GetByLabel("Search").FillAsync("student150");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("table.overview tbody tr")).ToHaveCountAsync(1);
        await page.Locator("tr", new() { HasText = "student150" }).GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Invitation sent again to student150@uni.edu");

        await page.GotoAsync("/orgs/uni/spaces/physics?sort=changed");
        await Expect(page.Locator("table.overview tbody tr").First).ToContainTextAsync("Ann Smith");
    }

    [Fact]
    public async Task AMistypedDomainIsShownBeforeTheInvitationsGoOut()
    {
        await using var server = new WebServer();
        using var api = await AdminApiAsync(server);
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await SignInAsync(page);

        await page.GotoAsync("/orgs/uni/spaces/physics/add-instance");
        await page.GetByLabel("Emails").FillAsync("ann@uni.edu; bob@gmial.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Instance" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("bob@gmial.com: did you mean @gmail.com?");
        Assert.Equal(2, (await api.GetFromJsonAsync<JsonElement[]>($"{Space}/instances"))!.Length);

        await page.GetByLabel("These addresses are right").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Instance" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Created 2 instances");
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(WebServer.AdminEmail);
        await page.GetByLabel("Password").FillAsync(WebServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static async Task<HttpClient> AdminApiAsync(WebServer server)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = WebServer.AdminEmail, password = WebServer.AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return client;
    }
}
