using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Strata.Web.Tests.WebSession;

namespace Strata.Web.Tests;

/// <summary>
/// The file browser never loses a byte the user did not ask to change: a folder upload without
/// "replace" keeps edited files and saves the incoming ones beside them, and the editor keeps the
/// file's line endings, byte order mark and final newline.
/// </summary>
public sealed class FileSafetyPagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Files = "/api/v1/orgs/uni/spaces/physics/instances/ann/states/current/files";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AFolderUploadWithoutReplaceKeepsAnEditedFileAndSavesTheIncomingOneBesideIt(bool javaScript)
    {
        await using var server = new WebServer();
        using var api = await AdminApiAsync(server);
        (await api.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Files}/proj/notes.md", new ByteArrayContent("my edited notes\n"u8.ToArray()))).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Files}/proj/keep.txt", new ByteArrayContent("keep\n"u8.ToArray()))).EnsureSuccessStatusCode();
        var local = Directory.CreateTempSubdirectory("strata-upload-");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(local.FullName, "proj"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "notes.md"), "the original notes\n");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "new.md"), "new\n");
            await File.WriteAllTextAsync(Path.Combine(folder.CreateSubdirectory("sub").FullName, "deep.md"), "deep\n");

            await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, JavaScriptEnabled = javaScript });
            var page = await context.NewPageAsync();
            await SignInAsync(page);
            await page.GotoAsync("/orgs/uni/spaces/physics/instances/ann");
            await page.Locator("input[name=folder]").SetInputFilesAsync(folder.FullName);
            await Expect(page.GetByLabel("Replace files with the same name")).Not.ToBeCheckedAsync();
            var before = await VersionAsync(api);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Uploaded 3 files; 1 renamed so nothing was replaced: proj/notes (1).md");
            // With the script the folder goes through the batch content API: one change of the state for all three files.
            Assert.Equal(before + (javaScript ? 1 : 3), await VersionAsync(api));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"folder-upload-js-{javaScript}.png"), FullPage = true });
            Assert.Equal("my edited notes\n"u8.ToArray(), await api.GetByteArrayAsync($"{Files}/proj/notes.md"));
            Assert.Equal("the original notes\n"u8.ToArray(), await api.GetByteArrayAsync($"{Files}/proj/notes%20(1).md"));
            Assert.Equal("keep\n"u8.ToArray(), await api.GetByteArrayAsync($"{Files}/proj/keep.txt"));
            Assert.Equal("new\n"u8.ToArray(), await api.GetByteArrayAsync($"{Files}/proj/new.md"));
            Assert.Equal("deep\n"u8.ToArray(), await api.GetByteArrayAsync($"{Files}/proj/sub/deep.md"));
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }

    private static async Task<long> VersionAsync(HttpClient api)
    {
        using var response = await api.GetAsync($"{Files}/");
        response.EnsureSuccessStatusCode();
        return long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
    }

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
