using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>What a student sees after a distribution: what arrived, conflicts in plain words, where a file came from, previews; and comparing with Master.</summary>
public sealed class ArrivalsPagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    [Fact]
    public async Task TheInstancePageSaysWhatArrivedAndWhereEachFileCameFrom()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        (await api.PutAsync($"{Space}/instances/master/states/current/files/sheet.md", new StringContent("# Sheet\nSolve x.\n"))).EnsureSuccessStatusCode();
        var week1 = await SnapshotAsync(api, "Week 1");
        (await api.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Ann", content = new { instance = "master", state = week1 } })).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Space}/instances/ann/states/current/files/sheet.md", new StringContent("# Sheet\nSolve x.\nx = 2\n"))).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Space}/instances/ann/states/current/files/plot.png", new ByteArrayContent(Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")))).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Space}/instances/master/states/current/files/sheet.md", new StringContent("# Sheet\nSolve x and y.\n"))).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Space}/instances/master/states/current/files/hints.py", new StringContent("print('try 2')\n"))).EnsureSuccessStatusCode();
        var week2 = await SnapshotAsync(api, "Week 2");
        using (var queued = await api.PostAsJsonAsync($"{Space}/distributions", new { source = new { instance = "master", state = week2 }, targets = new { instances = new[] { "ann" } }, strategy = "merge" }))
            queued.EnsureSuccessStatusCode();

        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await WebSession.SignInAsync(page);
        await page.GotoAsync("/orgs/uni/spaces/physics/instances/ann");
        for (var attempt = 0; attempt < 50 && await page.Locator("#arrival").CountAsync() == 0; attempt++)
        {
            await Task.Delay(200);
            await page.ReloadAsync();
        }

        var arrival = page.Locator("#arrival");
        await Expect(arrival).ToContainTextAsync("New material arrived");
        await Expect(arrival).ToContainTextAsync("Master, snapshot \"Week 2\"");
        await Expect(arrival).ToContainTextAsync("1 file added");
        await Expect(arrival).ToContainTextAsync("sheet.md: the teacher's new version is beside it as sheet (incoming).md.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "arrival.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "hints.py", Exact = true }).ClickAsync();
        await Expect(page.Locator("#details")).ToContainTextAsync("Came from a distribution of master");
        await Expect(page.Locator("#details pre")).ToHaveTextAsync("print('try 2')\n");
        await page.GetByRole(AriaRole.Link, new() { Name = "sheet.md", Exact = true }).ClickAsync();
        await Expect(page.Locator("#details")).ToContainTextAsync("Made or uploaded in this instance");
        await page.GetByRole(AriaRole.Link, new() { Name = "plot.png", Exact = true }).ClickAsync();
        await Expect(page.Locator("#details img")).ToHaveJSPropertyAsync("naturalWidth", 1);

        // Compare Ann's snapshot with Master's Week 1: her own line shows.
        var annSnapshot = (await (await api.PostAsJsonAsync($"{Space}/instances/ann/snapshots", new { name = "Hand-in" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await page.GotoAsync($"/orgs/uni/spaces/physics/instances/ann/snapshots/{annSnapshot}");
        await page.GetByLabel("With").SelectOptionAsync(new SelectOptionValue { Label = "snapshot Week 1" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(page.Locator("aside")).ToContainTextAsync("From Master, snapshot Week 1 to this snapshot");
        await page.Locator("ul.changes").GetByRole(AriaRole.Link, new() { Name = "sheet.md", Exact = true }).ClickAsync();
        await Expect(page.Locator("#line-diff")).ToContainTextAsync("x = 2");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "compare-with-master.png"), FullPage = true });
    }

    private static async Task<string> SnapshotAsync(HttpClient api, string name)
    {
        using var response = await api.PostAsJsonAsync($"{Space}/instances/master/snapshots", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
