using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>Ticking several files and folders and deleting them at once, after a confirmation.</summary>
public sealed class MultiSelectDeleteTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task SelectedFilesGoTogetherOnlyOnceConfirmed()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        foreach (var path in new[] { "a.txt", "b.txt", "lab/c.py", "keep.md" })
            (await api.PutAsync($"/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files/{path}", new StringContent(path))).EnsureSuccessStatusCode();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await WebSession.SignInAsync(page);
        await page.GotoAsync("/orgs/uni/spaces/physics/instances/master");

        foreach (var name in new[] { "a.txt", "b.txt", "lab" })
            await page.GetByLabel($"Select {name}", new() { Exact = true }).CheckAsync();
        var answers = new Queue<bool>([false, true]);
        page.Dialog += (_, dialog) => _ = answers.Dequeue() ? dialog.AcceptAsync() : dialog.DismissAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "a.txt", Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Deleted 3 files and folders");
        await Expect(page.Locator("table.files tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "keep.md", Exact = true })).ToBeVisibleAsync();
    }
}
