using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Server.Tests.Pages;

/// <summary>
/// The instance page's form posts as a browser sends them: a save from the editor keeps the file's own
/// line endings and BOM.
/// </summary>
public sealed partial class InstanceFilesPageTests
{
    private const string Page = "/orgs/uni/spaces/physics/instances/ann";
    private const string Files = "/api/v1/orgs/uni/spaces/physics/instances/ann/states/current/files";

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
