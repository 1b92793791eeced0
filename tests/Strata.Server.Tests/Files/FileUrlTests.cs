using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Files;

/// <summary>File URLs as API.md writes them: each segment percent-encoded, in requests and in Location headers.</summary>
public sealed class FileUrlTests
{
    private const string Master = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current";

    [Fact]
    public async Task ANonAsciiFolderGetsAPercentEncodedLocation()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.PostAsync($"{Master}/folders/Cours/R%C3%A9sum%C3%A9", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"{Master}/files/Cours/R%C3%A9sum%C3%A9", response.Headers.Location!.OriginalString);
        using var listing = await admin.GetAsync(response.Headers.Location);
        Assert.Equal("Cours/Résumé", (await listing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("path").GetString());
    }

    [Fact]
    public async Task CopyAndUploadLocationsArePercentEncoded()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        using var upload = await admin.PutAsync($"{Master}/files/%E6%97%A5%E6%9C%AC/a%20b.txt", new StringContent("x"));

        using var copy = await admin.PostAsJsonAsync($"{Master}/copy", new { from = "日本/a b.txt", to = "Été/100% #1?.txt" });

        Assert.Equal($"{Master}/files/%E6%97%A5%E6%9C%AC/a%20b.txt", upload.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        Assert.Equal($"{Master}/files/%C3%89t%C3%A9/100%25%20%231%3F.txt", copy.Headers.Location!.OriginalString);
        Assert.Equal("x", await admin.GetStringAsync(copy.Headers.Location));
    }

    [Fact]
    public async Task ANameMayHoldALiteralPercentTwoF()
    {
        await using var app = StrataApp.OnKestrel();
        using var admin = await SetUpAsync(app);

        using var upload = await admin.PutAsync($"{Master}/files/half/50%252F100.txt", new StringContent("half"));
        Assert.True(upload.StatusCode == HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var listing = await admin.GetFromJsonAsync<JsonElement>($"{Master}/files/half");
        var read = await admin.GetStringAsync($"{Master}/files/half/50%252F100.txt");
        using var delete = await admin.DeleteAsync($"{Master}/files/half/50%252F100.txt");

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal("50%2F100.txt", listing.GetProperty("entries")[0].GetProperty("name").GetString());
        Assert.Equal("half", read);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task AFileAtTheLongestNonAsciiPathIsReadableReplaceableAndDeletable()
    {
        await using var app = StrataApp.OnKestrel();
        using var admin = await SetUpAsync(app);
        // 16 segments of 127 'é' (254 bytes) and one of 8 (16 bytes), with 16 '/': 4096 bytes, 12,288 characters encoded.
        var path = string.Join('/', Enumerable.Repeat(new string('é', 127), 16).Append(new string('é', 8)));
        Assert.Equal(4096, System.Text.Encoding.UTF8.GetByteCount(path));
        var url = $"{Master}/files/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";

        using var created = await admin.PutAsync(url, new StringContent("first"));
        using var replaced = await admin.PutAsync(url, new StringContent("second"));
        var read = await admin.GetStringAsync(url);
        using var deleted = await admin.DeleteAsync(url);
        using var tooLong = await admin.PutAsync(url + "%C3%A9", new StringContent("x"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(url, created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("second", read);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Problem.AssertAsync(tooLong, HttpStatusCode.BadRequest, "invalid_path");
    }

    [Fact]
    public async Task MoveAndCopyRefuseToCarryAPathPastTheLimit()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        // "a/" then folders down to a file whose path is exactly 4096 bytes: the folder fits where it is, and nowhere deeper.
        var deep = "a/" + string.Join('/', Enumerable.Repeat(new string('x', 254), 16)) + "/" + new string('y', 14);
        Assert.Equal(4096, deep.Length);
        (await admin.PutAsync($"{Master}/files/{deep}", new StringContent("deep"))).EnsureSuccessStatusCode();

        using var move = await admin.PostAsJsonAsync($"{Master}/move", new { from = "a", to = "archive/a" });
        using var copy = await admin.PostAsJsonAsync($"{Master}/copy", new { from = "a", to = "ab" });
        using var rename = await admin.PostAsJsonAsync($"{Master}/move", new { from = "a", to = "b" });

        var problem = await Problem.AssertAsync(move, HttpStatusCode.BadRequest, "invalid_path");
        Assert.Contains("4096", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem.AssertAsync(copy, HttpStatusCode.BadRequest, "invalid_path");
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Equal("deep", await admin.GetStringAsync($"{Master}/files/b/{deep[2..]}"));
        using var archive = await admin.GetAsync($"{Master}/files/archive");
        Assert.Equal(HttpStatusCode.NotFound, archive.StatusCode);
    }

    [Fact]
    public async Task AnEncodedSlashInsideASegmentIsAnInvalidPath()
    {
        await using var app = StrataApp.OnKestrel();
        using var admin = await SetUpAsync(app);

        using var response = await admin.PutAsync($"{Master}/files/a%2Fb.txt", new StringContent("x"));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_path");
    }

    [Fact]
    public async Task HeadWorksWhereverGetDoes()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        (await admin.PutAsync($"{Master}/files/notes.txt", new StringContent("hello"))).EnsureSuccessStatusCode();

        using var file = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Master}/files/notes.txt"));
        using var root = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Master}/files"));
        using var instance = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/orgs/uni/spaces/physics/instances/master"));
        using var missing = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Master}/files/nothing.txt"));
        using var health = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"));

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(5, file.Content.Headers.ContentLength);
        Assert.NotNull(file.Headers.ETag);
        Assert.Empty(await file.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.NotNull(root.Headers.ETag);
        Assert.Empty(await root.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, instance.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task AWeakIfMatchNeverMatches()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        using var listing = await admin.GetAsync($"{Master}/files");

        // RFC 9110 13.1.1: If-Match compares strongly, and a weak tag never matches, even with the right version.
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Master}/files/mine.txt") { Content = new StringContent("mine") };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(listing.Headers.ETag!.Tag, isWeak: true));
        using var response = await admin.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.PreconditionFailed, "version_conflict");
        using var mine = await admin.GetAsync($"{Master}/files/mine.txt");
        Assert.Equal(HttpStatusCode.NotFound, mine.StatusCode);
    }

    private static async Task<HttpClient> SetUpAsync(StrataApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return admin;
    }
}
