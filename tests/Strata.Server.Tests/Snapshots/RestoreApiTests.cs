using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Snapshots;

public sealed class RestoreApiTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";
    private const string Master = Space + "/instances/master";

    [Fact]
    public async Task FullRestoreBringsTheSnapshotBackAndItsSafetySnapshotHoldsWhatWasThere()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        await PutAsync(admin, Master, "a.txt", "a1");
        await PutAsync(admin, Master, "b.txt", "b1");
        var snapshot = await SnapshotAsync(admin, Master);
        await PutAsync(admin, Master, "a.txt", "a2");
        await PutAsync(admin, Master, "c.txt", "c2");

        using var response = await admin.PostAsJsonAsync($"{Master}/snapshots/{snapshot}/restore", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var safety = result.GetProperty("safetySnapshot");
        Assert.Equal("auto", safety.GetProperty("type").GetString());
        Assert.Equal("master", result.GetProperty("target").GetProperty("slug").GetString());
        Assert.Equal("a1", await admin.GetStringAsync($"{Master}/states/current/files/a.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Master}/states/current/files/c.txt")).StatusCode);
        var safetyId = safety.GetProperty("id").GetString();
        Assert.Equal("a2", await admin.GetStringAsync($"{Master}/states/{safetyId}/files/a.txt"));
        Assert.Equal("c2", await admin.GetStringAsync($"{Master}/states/{safetyId}/files/c.txt"));
    }

    [Fact]
    public async Task PartialRestoreTouchesOnlyTheSelectedPaths()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        await PutAsync(admin, Master, "keep/x.txt", "x1");
        await PutAsync(admin, Master, "restore/y.txt", "y1");
        var snapshot = await SnapshotAsync(admin, Master);
        await PutAsync(admin, Master, "keep/x.txt", "x2");
        await PutAsync(admin, Master, "restore/y.txt", "y2");
        await PutAsync(admin, Master, "restore/extra.txt", "new");

        (await admin.PostAsJsonAsync($"{Master}/snapshots/{snapshot}/restore", new { paths = new List<string> { "restore" } })).EnsureSuccessStatusCode();

        Assert.Equal("x2", await admin.GetStringAsync($"{Master}/states/current/files/keep/x.txt"));
        Assert.Equal("y1", await admin.GetStringAsync($"{Master}/states/current/files/restore/y.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Master}/states/current/files/restore/extra.txt")).StatusCode);
    }

    [Fact]
    public async Task RestoreIntoAnotherInstanceLeavesTheSourceAlone()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Group A" })).EnsureSuccessStatusCode();
        await PutAsync(admin, Master, "sheet.md", "exercise");
        var snapshot = await SnapshotAsync(admin, Master);

        (await admin.PostAsJsonAsync($"{Master}/snapshots/{snapshot}/restore", new { target = new { instance = "group_a" } })).EnsureSuccessStatusCode();

        Assert.Equal("exercise", await admin.GetStringAsync($"{Space}/instances/group_a/states/current/files/sheet.md"));
        var groupSnapshots = await admin.GetFromJsonAsync<JsonElement[]>($"{Space}/instances/group_a/snapshots");
        Assert.Equal("auto", Assert.Single(groupSnapshots!).GetProperty("type").GetString());
        Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>($"{Master}/snapshots"))!);
    }

    [Fact]
    public async Task MissingPathRestoresNothingAndTakesNoSafetySnapshot()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        await PutAsync(admin, Master, "a.txt", "a1");
        var snapshot = await SnapshotAsync(admin, Master);
        await PutAsync(admin, Master, "a.txt", "a2");

        using var response = await admin.PostAsJsonAsync($"{Master}/snapshots/{snapshot}/restore", new { paths = new List<string> { "a.txt", "no-such-file" } });

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal("a2", await admin.GetStringAsync($"{Master}/states/current/files/a.txt"));
        Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>($"{Master}/snapshots"))!);
    }

    private static async Task PutAsync(HttpClient client, string instance, string path, string content) =>
        (await client.PutAsync($"{instance}/states/current/files/{path}", new StringContent(content))).EnsureSuccessStatusCode();

    private static async Task<string> SnapshotAsync(HttpClient client, string instance) =>
        (await (await client.PostAsync($"{instance}/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    private static async Task<HttpClient> SetUpAsync(StrataApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return admin;
    }
}
