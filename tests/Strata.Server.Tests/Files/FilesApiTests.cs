using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Files;

public sealed class FilesApiTests
{
    private const string Master = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current";

    [Fact]
    public async Task UploadCreatesThenReplacesAndDownloadGivesTheBytesWithTheirHash()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var created = await admin.PutAsync($"{Master}/files/week%201/notes.txt", new StringContent("first"));
        using var replaced = await admin.PutAsync($"{Master}/files/week%201/notes.txt", new StringContent("second"));
        using var download = await admin.GetAsync($"{Master}/files/week%201/notes.txt");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var entry = await replaced.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("notes.txt", entry.GetProperty("name").GetString());
        Assert.Equal("file", entry.GetProperty("kind").GetString());
        Assert.Equal(6, entry.GetProperty("size").GetInt64());
        Assert.Equal("second", await download.Content.ReadAsStringAsync());
        Assert.Equal($"\"{entry.GetProperty("hash").GetString()}\"", download.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task FolderListingAndMetaDescribeEntries()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        (await admin.PutAsync($"{Master}/files/a/b.txt", new StringContent("bee"))).EnsureSuccessStatusCode();

        var root = await admin.GetFromJsonAsync<JsonElement>($"{Master}/files");
        var folder = await admin.GetFromJsonAsync<JsonElement>($"{Master}/files/a");
        var meta = await admin.GetFromJsonAsync<JsonElement>($"{Master}/files/a/b.txt?meta=true");

        Assert.Equal("folder", root.GetProperty("entries")[0].GetProperty("kind").GetString());
        Assert.Equal("a", folder.GetProperty("path").GetString());
        Assert.Equal("b.txt", folder.GetProperty("entries")[0].GetProperty("name").GetString());
        Assert.Equal(3, meta.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task StaleIfMatchIsVersionConflictAndChangesNothing()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        using var listing = await admin.GetAsync($"{Master}/files");
        var version = listing.Headers.ETag!.Tag;
        (await admin.PutAsync($"{Master}/files/other.txt", new StringContent("someone else"))).EnsureSuccessStatusCode();

        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Master}/files/mine.txt") { Content = new StringContent("mine") };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(version));
        using var response = await admin.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.PreconditionFailed, "version_conflict");
        using var mine = await admin.GetAsync($"{Master}/files/mine.txt");
        Assert.Equal(HttpStatusCode.NotFound, mine.StatusCode);
    }

    [Fact]
    public async Task CurrentIfMatchSucceedsAndAdvancesTheVersion()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        using var listing = await admin.GetAsync($"{Master}/files");

        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Master}/files/mine.txt") { Content = new StringContent("mine") };
        request.Headers.IfMatch.Add(listing.Headers.ETag!);
        using var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual(listing.Headers.ETag!.Tag, response.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("a/tab%09x.txt")]
    [InlineData("a/..%2Fescape.txt")]
    [InlineData("a/back%5Cslash.txt")]
    public async Task InvalidPathsAreRefusedBeforeAnythingIsWritten(string path)
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.PutAsync($"{Master}/files/{path}", new StringContent("x"));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_path");
        var root = await admin.GetFromJsonAsync<JsonElement>($"{Master}/files");
        Assert.Equal(0, root.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task FoldersMoveCopyAndDelete()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Master}/folders/x/y", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{Master}/folders/x/y", null)).StatusCode);
        (await admin.PutAsync($"{Master}/files/x/y/z.txt", new StringContent("zed"))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"{Master}/copy", new { from = "x", to = "copy/of/x" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Master}/move", new { from = "x/y/z.txt", to = "x/moved.txt" })).StatusCode);
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Master}/move", new { from = "x", to = "x/inside" }), HttpStatusCode.BadRequest, "invalid_path");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Master}/files/copy")).StatusCode);

        Assert.Equal("zed", await admin.GetStringAsync($"{Master}/files/x/moved.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Master}/files/copy/of/x/y/z.txt")).StatusCode);
        await Problem.AssertAsync(await admin.DeleteAsync($"{Master}/files/nothing-here"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DistributedIsNeverWrittenDirectly()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.PutAsync("/api/v1/orgs/uni/spaces/physics/instances/distributed/states/current/files/x.txt", new StringContent("x"));

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "distributed_instance");
    }

    [Fact]
    public async Task UnknownStateIsNotFound()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.GetAsync("/api/v1/orgs/uni/spaces/physics/instances/master/states/no-such-snapshot/files");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private static async Task<HttpClient> SetUpAsync(StrataApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return admin;
    }
}
