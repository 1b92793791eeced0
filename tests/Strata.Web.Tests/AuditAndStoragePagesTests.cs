using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>The audit log and the storage of a space as pages a manager reads, instead of raw JSON.</summary>
public sealed class AuditAndStoragePagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task AManagerFiltersTheAuditLogAndReadsWhereASpacesBytesAre()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        (await api.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "separate", emails = "ann@uni.edu bob@uni.edu" })).EnsureSuccessStatusCode();
        (await api.PutAsync("/api/v1/orgs/uni/spaces/physics/instances/ann/states/current/files/data.bin", new ByteArrayContent(new byte[300_000]))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances/ann/snapshots", new { name = "Handed in" })).EnsureSuccessStatusCode();

        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await WebSession.SignInAsync(page);

        await page.GotoAsync("/orgs/uni");
        await page.GetByRole(AriaRole.Link, new() { Name = "The whole audit log, with filters" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        await page.GetByLabel("What").SelectOptionAsync(new SelectOptionValue { Label = "snapshot created" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("table.audit tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.audit")).ToContainTextAsync("snapshot \"Handed in\" of instance \"ann\" in Physics");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "audit.png"), FullPage = true });

        await page.GotoAsync("/orgs/uni/spaces/physics");
        await page.GetByRole(AriaRole.Link, new() { Name = "Storage" }).ClickAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("293 KB");
        await page.GetByRole(AriaRole.Link, new() { Name = "ann", Exact = true }).ClickAsync();
        await Expect(page.Locator("#snapshots")).ToContainTextAsync("ann: current state and snapshots");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Handed in" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "storage.png"), FullPage = true });
    }
}
