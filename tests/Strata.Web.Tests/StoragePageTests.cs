using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>
/// A platform administrator checks the content store from the Storage page: a clean check, then one after a file's
/// content went missing, which names the state it breaks with a link to it.
/// </summary>
public sealed class StoragePageTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task AnAdministratorChecksIntegrityAndSeesWhatIsMissingAndWhere()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        using var put = await api.PutAsync("/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files/week1/notes.txt", new StringContent("read chapter one"));
        var lost = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hash").GetString()!;
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await WebSession.SignInAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Storage", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No check has run yet.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check integrity now" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("An integrity check is queued");
        await ReloadUntilAsync(page, "Nothing missing or damaged.");
        await Shot(page, "admin-storage-clean.png");

        File.Delete(Path.Combine(server.DataDirectory, "content", "blobs", lost[..2], lost[2..4], lost));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check integrity now" }).ClickAsync();
        await ReloadUntilAsync(page, "1 missing, 0 corrupt");

        var findings = page.GetByRole(AriaRole.Region, new() { Name = "What the latest finished check found" });
        await Expect(findings).ToContainTextAsync(lost);
        await Shot(page, "admin-storage-missing.png");
        await findings.GetByRole(AriaRole.Link, new() { Name = "uni / physics / master (current state)" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orgs/uni/spaces/physics/instances/master$"));
    }

    [Fact]
    public async Task AnAdministratorTriesADryRunThenCollectsWhatADeletedFileLeft()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        const string Notes = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files/week1/notes.txt";
        (await api.PutAsync(Notes, new StringContent(new string('n', 200_000)))).EnsureSuccessStatusCode();
        (await api.DeleteAsync(Notes)).EnsureSuccessStatusCode();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await WebSession.SignInAsync(page);
        await page.GotoAsync("/admin/storage");
        await Expect(page.GetByText("No collection has run yet.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("A dry run of garbage collection is queued");
        var runs = page.GetByRole(AriaRole.Table, new() { Name = "Garbage collections" });
        await ReloadUntilAsync(page, "Dry run: nothing was moved.");
        await Expect(runs.Locator("tbody tr").First).ToContainTextAsync("1 would go");
        await page.GetByRole(AriaRole.Button, new() { Name = "Collect now" }).ClickAsync();
        for (var i = 0; i < 100 && !(await runs.Locator("tbody tr").First.InnerTextAsync()).Contains("succeeded", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            await page.ReloadAsync();
        }

        var newest = runs.Locator("tbody tr").First;
        await Expect(newest).ToContainTextAsync("succeeded");
        await Expect(newest).ToContainTextAsync("KB"); // the 200,000 bytes of the file and its folder objects
        await Expect(runs.Locator("tbody tr")).ToHaveCountAsync(2);
        await Shot(page, "admin-storage-collected.png");
        Assert.False(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "content", "blobs"), "*", SearchOption.AllDirectories).Any());
    }

    /// <summary>
    /// A space administrator opens the space's storage: figures nobody counted yet start a count and the page refreshes
    /// itself until it ends; the instance page shows the same figures; a change marks them as out of date.
    /// </summary>
    [Fact]
    public async Task TheSpaceAndInstanceStoragePanelsShowCountedFigures()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        const string Master = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files";
        (await api.PutAsync($"{Master}/data.bin", new ByteArrayContent(new byte[3 * 1024 * 1024]))).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/v1/orgs/uni/spaces/physics/instances/master/snapshots", null)).EnsureSuccessStatusCode();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await WebSession.SignInAsync(page);

        await page.GotoAsync("/orgs/uni/spaces/physics/storage");
        await Expect(page.Locator(".count-status")).ToContainTextAsync("Counted", new() { Timeout = 30_000 }); // refreshed by itself
        await Expect(page.Locator(".count-status")).Not.ToContainTextAsync("Counting now");
        var facts = page.Locator("dl.facts");
        await Expect(facts).ToContainTextAsync("Referenced3 MB");
        await Expect(facts).ToContainTextAsync("Held only here3 MB");
        var master = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Master" });
        await Expect(master).ToContainTextAsync("3 MB");
        await Shot(page, "space-storage.png");

        await page.GotoAsync("/orgs/uni/spaces/physics/instances/master");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Storage" });
        await Expect(panel).ToContainTextAsync("Held only here3 MB");
        await Expect(panel).Not.ToContainTextAsync("Changed since");
        await Shot(page, "instance-storage.png");

        (await api.PutAsync($"{Master}/more.bin", new ByteArrayContent(new byte[1024 * 1024]))).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Expect(panel).ToContainTextAsync("Changed since.");
        await Expect(panel).ToContainTextAsync("Current state4 MB"); // read now
        await panel.GetByRole(AriaRole.Link, new() { Name = "Per snapshot" }).ClickAsync();
        await Expect(page.Locator(".count-status")).Not.ToContainTextAsync("Counting now", new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Master" }).First).Not.ToContainTextAsync("changed");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Referenced4 MB");
    }

    private static async Task ReloadUntilAsync(IPage page, string text)
    {
        for (var i = 0; i < 100 && !await page.GetByText(text).IsVisibleAsync(); i++)
        {
            await Task.Delay(100);
            await page.ReloadAsync();
        }
        await Expect(page.GetByText(text)).ToBeVisibleAsync();
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, name), FullPage = true });
}
