using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>A space administrator sets a per-instance quota in the space's settings; an instance page shows its use against it.</summary>
public sealed class QuotaPagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task TheQuotaSetInSpaceSettingsShowsOnTheInstancePage()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        (await api.PutAsync("/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files/data.bin",
            new ByteArrayContent(new byte[300 * 1024]))).EnsureSuccessStatusCode();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await WebSession.SignInAsync(page);

        await page.GotoAsync("/orgs/uni/spaces/physics");
        await page.GetByText("Space settings").ClickAsync();
        await page.GetByLabel("Storage quota per instance, in MB").FillAsync("0.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Space settings saved.");

        await page.GotoAsync("/orgs/uni/spaces/physics/instances/master");
        await Expect(page.Locator("p.usage")).ToContainTextAsync(new Regex("300 KB of 512 KB used"));
        await Expect(page.GetByRole(AriaRole.Meter, new() { Name = "Storage used" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "instance-quota.png"), FullPage = true });
    }

    [Fact]
    public async Task SavingOtherSettingsLeavesAnExactQuotaAlone()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        (await api.PatchAsJsonAsync("/api/v1/orgs/uni/spaces/physics", new { instanceQuotaBytes = 2000 })).EnsureSuccessStatusCode();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await WebSession.SignInAsync(page);

        await page.GotoAsync("/orgs/uni/spaces/physics");
        await page.GetByText("Space settings").ClickAsync();
        await page.GetByLabel("Description").FillAsync("Mechanics and waves");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Space settings saved.");

        var space = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/orgs/uni/spaces/physics");
        Assert.Equal(2000, space.GetProperty("instanceQuotaBytes").GetInt64());
        Assert.Equal("Mechanics and waves", space.GetProperty("description").GetString());
    }
}
