using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>
/// Issue 14: the pages keep working under the Content-Security-Policy (no inline script or style), with
/// no violation reported by the browser; the top bar's Sign out works and ends the session.
/// </summary>
public sealed class SecurityPagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Space = "/orgs/uni/spaces/physics";

    /// <summary>Runs before any page script (and is not itself subject to the page's policy): records every violation.</summary>
    private const string ViolationRecorder = """
        window.__violations = [];
        document.addEventListener("securitypolicyviolation", e =>
            window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Fact]
    public async Task TheTopBarSignOutEndsTheSession()
    {
        await using var server = new WebServer();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await WebSession.SignInAsync(page);
        await page.GotoAsync("/account");
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "strata_session");

        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        await Expect(page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        // The cookie put back, as someone who copied it would: the server has ended its session.
        await context.AddCookiesAsync([new() { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        await page.GotoAsync("/account");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
    }

    [Fact]
    public async Task PagesWorkUnderTheContentSecurityPolicyWithNoViolations()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        (await api.PostAsJsonAsync($"/api/v1{Space}/instances", new { mode = "separate", emails = "ann@uni.edu, bob@uni.edu" })).EnsureSuccessStatusCode();
        (await api.PutAsync($"/api/v1{Space}/instances/master/states/current/files/notes.txt", new StringContent("one\ntwo\n"))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"/api/v1{Space}/instances/master/snapshots", new { name = "Week 1" })).EnsureSuccessStatusCode();

        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        await context.AddInitScriptAsync(ViolationRecorder);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                console.Add(message.Text);
        };
        page.PageError += (_, error) => console.Add(error);
        var violations = new List<string>();
        async Task CollectAsync() => violations.AddRange((await page.EvaluateAsync<string[]>("() => window.__violations")).Select(v => $"{page.Url}: {v}"));

        await WebSession.SignInAsync(page);
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await CollectAsync();

        // The class overview; site.js shows times in the reader's zone.
        await page.GotoAsync(Space);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Students (2)" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.overview time").First).ToHaveAttributeAsync("title", new Regex("UTC$"));
        await CollectAsync();

        // A confirmation from site.js: dismissed, nothing happens.
        await page.GotoAsync($"{Space}/users");
        string? asked = null;
        void Dismiss(object? sender, IDialog dialog) { asked = dialog.Message; _ = dialog.DismissAsync(); }
        page.Dialog += Dismiss;
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the invitation to ann@uni.edu" }).ClickAsync();
        page.Dialog -= Dismiss;
        Assert.Contains("ann@uni.edu", asked, StringComparison.Ordinal);
        await CollectAsync();

        // The file editor, and an upload through upload.js.
        await page.GotoAsync($"{Space}/instances/master");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit notes.txt" }).ClickAsync();
        await page.GetByLabel("Editing notes.txt").FillAsync("one\n2\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Saved \"notes.txt\"");
        await CollectAsync();
        await page.Locator("input[name=upload]").SetInputFilesAsync(new FilePayload { Name = "new.txt", MimeType = "text/plain", Buffer = "new\n"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page.Locator(".upload-status")).ToContainTextAsync("Uploaded 1 file.");
        await CollectAsync();

        // The storage page's bars get their width from site.js, not a style attribute.
        await page.GotoAsync($"{Space}/storage");
        await Expect(page.Locator("td.bar span").First).ToHaveAttributeAsync("style", new Regex(@"width: \d+%"));
        await CollectAsync();

        await page.GotoAsync("/account");
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Sign out the session of Chrome on Linux \\(this browser\\)") })).ToBeVisibleAsync();
        await CollectAsync();

        // The API reference (Swagger UI) loads its scripts and styles from files, too.
        // The first request for the document builds it (about a second idle, more than five under CI's parallel load).
        await page.GotoAsync("/docs/api");
        await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("Strata API", new() { Timeout = 30_000 });
        await CollectAsync();

        Assert.True(violations.Count == 0, "Content-Security-Policy violations:\n" + string.Join("\n", violations));
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Contains("Refused to", StringComparison.Ordinal));
    }
}
