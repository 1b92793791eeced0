using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Files;

public sealed class FileStatusTests
{
    private const string Master = "/api/v1/orgs/uni/spaces/physics/instances/master";

    [Fact]
    public async Task ListingShowsNewChangedAndUnchangedAgainstTheLatestSnapshot()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        foreach (var (path, text) in new[] { ("same.txt", "s"), ("edit.txt", "e1"), ("dir/inside.txt", "i") })
            (await admin.PutAsync($"{Master}/states/current/files/{path}", new StringContent(text))).EnsureSuccessStatusCode();
        var before = await admin.GetFromJsonAsync<JsonElement>($"{Master}/states/current/files");
        (await admin.PostAsync($"{Master}/snapshots", null)).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Master}/states/current/files/edit.txt", new StringContent("e2"))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Master}/states/current/files/added.txt", new StringContent("a"))).EnsureSuccessStatusCode();

        var listing = await admin.GetFromJsonAsync<JsonElement>($"{Master}/states/current/files");
        var status = listing.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("status").GetString());

        Assert.Equal("new", status["added.txt"]);
        Assert.Equal("changed", status["edit.txt"]);
        Assert.Equal("unchanged", status["same.txt"]);
        Assert.Equal("unchanged", status["dir"]);
        Assert.Equal("new", before.GetProperty("entries")[0].GetProperty("status").GetString());
    }
}
