using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Server.Tests.Pages;

/// <summary>
/// The instance page's form posts as a browser without JavaScript sends them: an upload never replaces
/// a file unless asked to, and a save from the editor keeps the file's own line endings and BOM.
/// </summary>
public sealed partial class InstanceFilesPageTests
{
    private const string Page = "/orgs/uni/spaces/physics/instances/ann";
    private const string Files = "/api/v1/orgs/uni/spaces/physics/instances/ann/states/current/files";

    [Fact]
    public async Task FolderUploadWithoutReplaceRenamesOnlyTheFilesThatExist()
    {
        await using var app = new StrataApp();
        using var api = await CourseWithAnnAsync(app);
        (await api.PutAsync($"{Files}/proj/notes.md", Bytes("my edited notes\n"))).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Files}/proj/notes (1).md", Bytes("an earlier copy\n"))).EnsureSuccessStatusCode();
        (await api.PutAsync($"{Files}/report", Bytes("a file where the upload has a folder\n"))).EnsureSuccessStatusCode();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        // Browsers send a folder's files with their relative paths as file names.
        using var response = await PostUploadAsync(browser, replace: false,
            ("folder", "proj/notes.md", "the original notes\n"),
            ("folder", "proj/sub/new.md", "new\n"),
            ("upload", "report/summary.md", "summary\n"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("my edited notes\n", await api.GetStringAsync($"{Files}/proj/notes.md"));
        Assert.Equal("an earlier copy\n", await api.GetStringAsync($"{Files}/proj/notes (1).md"));
        Assert.Equal("the original notes\n", await api.GetStringAsync($"{Files}/proj/notes (2).md"));
        Assert.Equal("new\n", await api.GetStringAsync($"{Files}/proj/sub/new.md"));
        // A folder cannot replace a file either: the folder is saved under a new name.
        Assert.Equal("a file where the upload has a folder\n", await api.GetStringAsync($"{Files}/report"));
        Assert.Equal("summary\n", await api.GetStringAsync($"{Files}/report (1)/summary.md"));
        var page = await browser.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Uploaded 3 files; 2 renamed so nothing was replaced: report (1)/summary.md, proj/notes (2).md.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadWithReplaceReplacesTheFileInTheFolder()
    {
        await using var app = new StrataApp();
        using var api = await CourseWithAnnAsync(app);
        (await api.PutAsync($"{Files}/proj/notes.md", Bytes("my edited notes\n"))).EnsureSuccessStatusCode();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        using var response = await PostUploadAsync(browser, replace: true, ("folder", "proj/notes.md", "the original notes\n"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("the original notes\n", await api.GetStringAsync($"{Files}/proj/notes.md"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{Files}/proj/notes (1).md")).StatusCode);
    }

    [Theory]
    [InlineData("one\ntwo\nthree\n")]
    [InlineData("one\r\ntwo\r\nthree\r\n")]
    [InlineData("one\ntwo\nthree")]
    [InlineData("\uFEFFone\r\ntwo\r\nthree")]
    [InlineData("\n\none\ntwo\n")]
    [InlineData("one\rtwo\r")]
    public async Task SavingFromTheEditorKeepsLineEndingsBomAndFinalNewline(string original)
    {
        await using var app = new StrataApp();
        using var api = await CourseWithAnnAsync(app);
        (await api.PutAsync($"{Files}/notes.txt", Bytes(original))).EnsureSuccessStatusCode();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();
        var editing = await browser.GetPageAsync($"{Page}?edit=notes.txt");

        // A form post sends the textarea's text with every line break as CRLF (HTML's form encoding).
        var typed = original.TrimStart('\uFEFF').Replace("two", "2", StringComparison.Ordinal).ReplaceLineEndings("\r\n");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Browser.FormToken(editing),
            ["target"] = "notes.txt",
            ["version"] = Version().Match(editing).Groups[1].Value,
            ["content"] = typed,
        });
        using var response = await browser.Client.PostAsync($"{Page}?handler=Save", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var expected = Encoding.UTF8.GetBytes(original.Replace("two", "2", StringComparison.Ordinal));
        Assert.Equal(expected, await api.GetByteArrayAsync($"{Files}/notes.txt"));
    }

    [Fact]
    public async Task TheEditorPageKeepsALeadingBlankLineAndHidesTheByteOrderMark()
    {
        await using var app = new StrataApp();
        using var api = await CourseWithAnnAsync(app);
        (await api.PutAsync($"{Files}/notes.txt", Bytes("\uFEFF\nsecond line\n"))).EnsureSuccessStatusCode();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        var editing = await browser.GetPageAsync($"{Page}?edit=notes.txt");

        // HTML drops one line break right after <textarea>, so the page must send one more than the file has.
        var shown = WebUtility.HtmlDecode(Textarea().Match(editing).Groups[1].Value);
        Assert.Equal("\n\nsecond line\n", shown);
    }

    private static async Task<HttpResponseMessage> PostUploadAsync(Browser browser, bool replace, params (string Field, string Name, string Text)[] files)
    {
        var page = await browser.GetPageAsync(Page);
        using var form = new MultipartFormDataContent { { new StringContent(Browser.FormToken(page)), "__RequestVerificationToken" } };
        if (replace)
            form.Add(new StringContent("true"), "replace");
        foreach (var (field, name, text) in files)
            form.Add(Bytes(text), field, name);
        return await browser.Client.PostAsync($"{Page}?handler=Upload", form);
    }

    [Fact]
    public async Task AFolderOfThousandsOfFilesIsShownAPageAtATime()
    {
        await using var app = new StrataApp();
        using var api = await CourseWithAnnAsync(app);
        const string State = "/api/v1/orgs/uni/spaces/physics/instances/ann/states/current";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("same"u8));
        (await api.PutAsync($"{State}/contents/{hash}", Bytes("same"))).EnsureSuccessStatusCode();
        var changes = Enumerable.Range(0, 1_203).Select(i => new { op = "put", path = $"big/f{i:D5}.txt", hash }).ToArray();
        (await api.PostAsJsonAsync($"{State}/changes", new { changes })).EnsureSuccessStatusCode();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        var first = await browser.GetPageAsync($"{Page}?path=big");
        var third = await browser.GetPageAsync($"{Page}?path=big&p=3");

        Assert.Contains("1–500 of 1,203", first, StringComparison.Ordinal);
        Assert.Contains("f00499.txt", first, StringComparison.Ordinal);
        Assert.DoesNotContain("f00500.txt", first, StringComparison.Ordinal);
        Assert.Contains("p=2\" rel=\"next\"", first, StringComparison.Ordinal);
        Assert.Contains("1001–1203 of 1,203", third, StringComparison.Ordinal);
        Assert.Contains("f01202.txt", third, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", third, StringComparison.Ordinal);
        Assert.Contains("1001–1203", await browser.GetPageAsync($"{Page}?path=big&p=99"), StringComparison.Ordinal); // past the end: the last page
    }

    private static async Task<HttpClient> CourseWithAnnAsync(StrataApp app)
    {
        var api = await app.AdminClientAsync();
        (await api.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();
        return api;
    }

    private static ByteArrayContent Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    [GeneratedRegex("""name="version" value="(\d+)""")]
    private static partial Regex Version();

    [GeneratedRegex("""<textarea name="content"[^>]*>(.*?)</textarea>""", RegexOptions.Singleline)]
    private static partial Regex Textarea();
}
