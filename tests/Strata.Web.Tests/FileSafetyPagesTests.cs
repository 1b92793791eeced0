using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Strata.Web.Tests.WebSession;

namespace Strata.Web.Tests;

/// <summary>
/// The file browser never loses a byte the user did not ask to change: the editor keeps the file's
/// line endings, byte order mark and final newline.
/// </summary>
public sealed class FileSafetyPagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Files = "/api/v1/orgs/uni/spaces/physics/instances/ann/states/current/files";

    [Theory]
    [InlineData("lf.txt", "one\ntwo\nthree\n")]
    [InlineData("crlf.txt", "one\r\ntwo\r\nthree\r\n")]
    [InlineData("no-final-newline.txt", "one\ntwo\nthree")]
    [InlineData("crlf-no-final-newline.txt", "one\r\ntwo\r\nthree")]
    [InlineData("bom.txt", "\uFEFFone\r\ntwo\r\n")]
    [InlineData("leading-blank-line.txt", "\none\ntwo\n")]
    [InlineData("classic-mac.txt", "one\rtwo\r")]
    public async Task TheEditorChangesOnlyTheEditedLine(string name, string original)
    {
        await using var server = new WebServer();
        using var api = await AdminApiAsync(server);
        (await api.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Files}/{name}", new ByteArrayContent(Encoding.UTF8.GetBytes(original)))).EnsureSuccessStatusCode();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();
        await SignInAsync(page);

        await page.GotoAsync("/orgs/uni/spaces/physics/instances/ann");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Edit {name}" }).ClickAsync();
        var editor = page.GetByLabel($"Editing {name}");
        // What a person sees and types: the browser shows every line ending as a line break.
        var shown = await editor.InputValueAsync();
        Assert.Equal(original.TrimStart('\uFEFF').ReplaceLineEndings("\n"), shown);
        await editor.FillAsync(shown.Replace("two", "2", StringComparison.Ordinal));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"editor-{name}.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync($"Saved \"{name}\"");

        var expected = original.Replace("two", "2", StringComparison.Ordinal);
        Assert.Equal(Escape(expected), Escape(Encoding.UTF8.GetString(await api.GetByteArrayAsync($"{Files}/{name}"))));
    }

    /// <summary>Line endings and the byte order mark made visible, so a failure shows which byte differs.</summary>
    private static string Escape(string text) =>
        text.Replace("\uFEFF", "<BOM>", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
