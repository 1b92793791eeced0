using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>
/// A phone-sized window: names too long for a line wrap instead of widening the page, and every action and
/// table column stays on screen or within reach by scrolling its table. Screenshots go to the screenshots folder.
/// </summary>
public sealed class LayoutTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const int PhoneWidth = 390;

    [Fact]
    public async Task LongNamesWrapOnAPhoneAndEveryActionAndColumnStaysReachable()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminOrgApiAsync(server);
        var space = await SlugAsync(await api.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = Word("Space", 300), type = "course", description = Word("Described", 300) }));
        var spacePath = $"/orgs/uni/spaces/{space}";
        using var created = await api.PostAsJsonAsync($"/api/v1{spacePath}/instances", new { mode = "single", name = Word("Instance", 300) });
        created.EnsureSuccessStatusCode();
        var instance = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instances")[0].GetProperty("slug").GetString();
        var instancePath = $"{spacePath}/instances/{instance}";
        var file = Word("File", 200) + ".txt";
        (await api.PutAsync($"/api/v1{instancePath}/states/current/files/{Word("Folder", 200)}/{file}", new StringContent("x"))).EnsureSuccessStatusCode();
        (await api.PutAsync($"/api/v1{instancePath}/states/current/files/{file}", new StringContent("x"))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"/api/v1{instancePath}/snapshots", new { name = Word("Snapshot", 300), description = Word("Why", 300) })).EnsureSuccessStatusCode();
        (await api.PatchAsJsonAsync($"/api/v1{instancePath}", new { currentStateDescription = Word("Working", 300) })).EnsureSuccessStatusCode();

        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = PhoneWidth, Height = 844 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(WebServer.AdminEmail);
        await page.GetByLabel("Password").FillAsync(WebServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync(spacePath);
        await AssertFitsAsync(page, "layout-space-390");
        await AssertReachableAsync(page.GetByRole(AriaRole.Link, new() { Name = "+ Add new instance" }));
        await AssertReachableAsync(page.GetByRole(AriaRole.Link, new() { Name = "Distribute", Exact = true }));
        await AssertReachableAsync(page.GetByRole(AriaRole.Columnheader, new() { Name = "Current work" }));
        await AssertReachableAsync(page.GetByRole(AriaRole.Cell, new() { Name = Word("Working", 300) }));

        await page.GotoAsync(instancePath);
        await AssertFitsAsync(page, "layout-instance-390");
        await AssertReachableAsync(page.GetByRole(AriaRole.Button, new() { Name = "Quick snapshot" }));
        await AssertReachableAsync(page.GetByRole(AriaRole.Columnheader, new() { Name = "Size" }));
        await AssertReachableAsync(page.GetByRole(AriaRole.Columnheader, new() { Name = "Modified" }));
        await AssertReachableAsync(page.GetByRole(AriaRole.Link, new() { Name = $"Delete {file}", Exact = true }));
        await AssertReachableAsync(page.GetByRole(AriaRole.Link, new() { Name = Word("Snapshot", 300) }));
    }

    /// <summary>A name without spaces, so nothing but the page's own rules can break it: "SpaceSpaceSpace…" of the given length.</summary>
    private static string Word(string stem, int length) =>
        string.Concat(Enumerable.Repeat(stem, length / stem.Length + 1))[..length];

    private static async Task AssertFitsAsync(IPage page, string screenshot)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, screenshot + ".png"), FullPage = true });
        var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide in a {widths[1]} px window: something does not wrap.");
    }

    /// <summary>Shown, and once scrolled to (the page down, a table sideways) fully inside the phone's width.</summary>
    private static async Task AssertReachableAsync(ILocator element)
    {
        await Expect(element).ToBeVisibleAsync();
        await element.ScrollIntoViewIfNeededAsync();
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= PhoneWidth + 0.5, $"{element} lies at x {box.X}–{box.X + box.Width}, outside the {PhoneWidth} px window.");
    }

    private static async Task<string> SlugAsync(HttpResponseMessage response)
    {
        using (response)
        {
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString()!;
        }
    }
}
