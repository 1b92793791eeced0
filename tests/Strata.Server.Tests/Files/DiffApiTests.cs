using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Files;

public sealed class DiffApiTests
{
    private const string Master = "/api/v1/orgs/uni/spaces/physics/instances/master";

    [Fact]
    public async Task DiffListsAddedModifiedAndDeletedFilesFromTheOtherState()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        foreach (var (path, text) in new[] { ("same.txt", "s"), ("edit.txt", "e1"), ("gone/old.txt", "o") })
            (await admin.PutAsync($"{Master}/states/current/files/{path}", new StringContent(text))).EnsureSuccessStatusCode();
        var snapshot = (await (await admin.PostAsync($"{Master}/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await admin.PutAsync($"{Master}/states/current/files/edit.txt", new StringContent("e2"))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Master}/states/current/files/new/file.txt", new StringContent("n"))).EnsureSuccessStatusCode();
        (await admin.DeleteAsync($"{Master}/states/current/files/gone")).EnsureSuccessStatusCode();

        var diff = await admin.GetFromJsonAsync<JsonElement>($"{Master}/states/current/diff?against={snapshot}");
        var changes = diff.GetProperty("changes").EnumerateArray()
            .Select(c => $"{c.GetProperty("change").GetString()} {c.GetProperty("path").GetString()}").ToList();

        Assert.Equal(["modified edit.txt", "deleted gone/old.txt", "added new/file.txt"], changes);
        var reverse = await admin.GetFromJsonAsync<JsonElement>($"{Master}/states/{snapshot}/diff?against=current");
        Assert.Equal("added gone/old.txt", reverse.GetProperty("changes").EnumerateArray()
            .Select(c => $"{c.GetProperty("change").GetString()} {c.GetProperty("path").GetString()}").Single(c => c.Contains("gone", StringComparison.Ordinal)));
        await Problem.AssertAsync(await admin.GetAsync($"{Master}/states/current/diff"), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task FileDiffGivesTheChangedLinesOfOneTextFile()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Master}/states/current/files/notes/a.md", new StringContent("one\ntwo\nthree\n"))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Master}/states/current/files/data.bin", new ByteArrayContent([0, 1, 2]))).EnsureSuccessStatusCode();
        var snapshot = (await (await admin.PostAsync($"{Master}/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await admin.PutAsync($"{Master}/states/current/files/notes/a.md", new StringContent("one\n2\nthree\n"))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Master}/states/current/files/data.bin", new ByteArrayContent([0, 1, 3]))).EnsureSuccessStatusCode();

        var diff = await admin.GetFromJsonAsync<JsonElement>($"{Master}/states/current/diff/notes/a.md?against={snapshot}");

        Assert.Equal("modified", diff.GetProperty("change").GetString());
        Assert.False(diff.GetProperty("binary").GetBoolean());
        var lines = diff.GetProperty("hunks")[0].GetProperty("lines").EnumerateArray()
            .Select(l => $"{l.GetProperty("kind").GetString()}:{l.GetProperty("text").GetString()}");
        Assert.Equal(["context:one", "deleted:two", "added:2", "context:three"], lines);

        var binary = await admin.GetFromJsonAsync<JsonElement>($"{Master}/states/current/diff/data.bin?against={snapshot}");
        Assert.True(binary.GetProperty("binary").GetBoolean());
        Assert.Equal(0, binary.GetProperty("hunks").GetArrayLength());
        var reverse = await admin.GetFromJsonAsync<JsonElement>($"{Master}/states/{snapshot}/diff/notes/a.md?against=current");
        Assert.Equal("added:two", reverse.GetProperty("hunks")[0].GetProperty("lines").EnumerateArray()
            .Select(l => $"{l.GetProperty("kind").GetString()}:{l.GetProperty("text").GetString()}").Single(l => l.StartsWith("added", StringComparison.Ordinal)));

        await Problem.AssertAsync(await admin.GetAsync($"{Master}/states/current/diff/nothing.txt?against={snapshot}"), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await admin.GetAsync($"{Master}/states/current/diff/notes?against={snapshot}"), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await admin.GetAsync($"{Master}/states/current/diff/notes/a.md"), HttpStatusCode.BadRequest, "invalid_request");
    }
}
