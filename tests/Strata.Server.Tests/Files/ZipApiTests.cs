using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;

namespace Strata.Server.Tests.Files;

public sealed class ZipApiTests
{
    private const string Current = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current";

    [Fact]
    public async Task FolderDownloadsAsAZipWithEveryFileBelowIt()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Current}/files/week1/a.txt", new StringContent("alpha"))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Current}/files/week1/data/b.csv", new StringContent("1,2"))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Current}/files/other.txt", new StringContent("not in the zip"))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"{Current}/folders/week1/empty", null)).EnsureSuccessStatusCode();

        using var response = await admin.GetAsync($"{Current}/zip/week1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var archive = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Equal(["a.txt", "data/b.csv", "empty/"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(archive.GetEntry("data/b.csv")!.Open());
        Assert.Equal("1,2", await reader.ReadToEndAsync());
        await Problem.AssertAsync(await admin.GetAsync($"{Current}/zip/week1/a.txt"), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await admin.GetAsync($"{Current}/zip/nothing"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task NamesWindowsCannotWriteAreMadeSafeInTheZipButKeptInTheState()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        foreach (var path in new[] { "C:/boot.ini", "a:b", "a_b", "CON", "NUL.txt", "notes.", "trail%20", "ok.txt" })
            (await admin.PutAsync($"{Current}/files/{path}", new StringContent(path))).EnsureSuccessStatusCode();

        using var response = await admin.GetAsync($"{Current}/zip");
        using var archive = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);

        Assert.Equal(["C_/boot.ini", "_CON", "_NUL.txt", "a_b", "a_b (1)", "notes_", "ok.txt", "trail_"],
            archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using (var reader = new StreamReader(archive.GetEntry("a_b (1)")!.Open()))
            Assert.Equal("a:b", await reader.ReadToEndAsync());
        using (var reader = new StreamReader(archive.GetEntry("a_b")!.Open()))
            Assert.Equal("a_b", await reader.ReadToEndAsync());
        var root = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"{Current}/files");
        Assert.Contains("a:b", root.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Contains("C:", root.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ContentThatDoesNotShrinkIsStoredAndTextIsDeflated()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        var noise = new byte[300_000];
        new Random(7).NextBytes(noise);
        var text = string.Concat(Enumerable.Repeat("the same line of a lab report, again and again\n", 5_000));
        (await admin.PutAsync($"{Current}/files/data/noise.bin", new ByteArrayContent(noise))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Current}/files/data/photo.jpg", new StringContent(text))).EnsureSuccessStatusCode(); // named compressed: stored as it is
        (await admin.PutAsync($"{Current}/files/data/report.txt", new StringContent(text))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Current}/files/data/empty.txt", new ByteArrayContent([]))).EnsureSuccessStatusCode();

        using var response = await admin.GetAsync($"{Current}/zip/data");
        using var archive = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);

        var stored = archive.GetEntry("noise.bin")!;
        Assert.Equal(stored.Length, stored.CompressedLength);
        Assert.Equal(archive.GetEntry("photo.jpg")!.Length, archive.GetEntry("photo.jpg")!.CompressedLength);
        Assert.True(archive.GetEntry("report.txt")!.CompressedLength < text.Length / 20, "Text is deflated.");
        await using var read = new MemoryStream();
        await using (var entry = await stored.OpenAsync())
            await entry.CopyToAsync(read);
        Assert.Equal(noise, read.ToArray());
        Assert.Equal(0, archive.GetEntry("empty.txt")!.Length);
    }
}
