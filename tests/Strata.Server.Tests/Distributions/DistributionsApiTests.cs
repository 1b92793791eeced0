using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Distributions;

public sealed class DistributionsApiTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    private static async Task<(StrataApp App, HttpClient Admin, string Snapshot)> SetUpAsync()
    {
        var app = new StrataApp();
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        foreach (var (path, text) in new[] { ("readme.md", "v1"), ("lab/a.py", "a1") })
            (await admin.PutAsync($"{Space}/instances/master/states/current/files/{path}", new StringContent(text))).EnsureSuccessStatusCode();
        var snapshot = (await (await admin.PostAsJsonAsync($"{Space}/instances/master/snapshots", new { name = "Week 1" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (app, admin, snapshot);
    }

    private static async Task<JsonElement> FinishedAsync(HttpClient client, Uri location)
    {
        for (var i = 0; i < 200; i++)
        {
            var distribution = await client.GetFromJsonAsync<JsonElement>(location);
            if (distribution.GetProperty("status").GetString() is not ("queued" or "running"))
                return distribution;
            await Task.Delay(50);
        }
        throw new TimeoutException("The distribution did not finish within 10 seconds.");
    }

    [Fact]
    public async Task ADistributionIsAcceptedRunByTheServerAndReportsPerTarget()
    {
        var (app, admin, snapshot) = await SetUpAsync();
        await using var _ = app;
        using var __ = admin;
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();

        using var response = await admin.PostAsJsonAsync($"{Space}/distributions",
            new { source = new { instance = "master", state = snapshot }, targets = new { all = true }, strategy = "merge" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"{Space}/distributions/{accepted.GetProperty("id").GetString()}", response.Headers.Location!.OriginalString);
        Assert.Equal("merge", accepted.GetProperty("strategy").GetString());
        Assert.Equal(2, accepted.GetProperty("progress").GetProperty("total").GetInt32());
        var done = await FinishedAsync(admin, response.Headers.Location);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(["ann", "distributed"], done.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("instance").GetString()));
        Assert.All(done.GetProperty("targets").EnumerateArray(), t =>
        {
            Assert.Equal("succeeded", t.GetProperty("status").GetString());
            Assert.Equal(2, t.GetProperty("added").GetInt64());
        });
        Assert.Equal("a1", await admin.GetStringAsync($"{Space}/instances/ann/states/current/files/lab/a.py"));

        var meta = await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/states/current/files/lab/a.py?meta=true");
        var deliveredBy = meta.GetProperty("deliveredBy");
        Assert.Equal(accepted.GetProperty("id").GetString(), deliveredBy.GetProperty("distribution").GetString());
        Assert.Equal((snapshot, "master", "lab/a.py"), (deliveredBy.GetProperty("sourceState").GetString(), deliveredBy.GetProperty("sourceInstance").GetString(), deliveredBy.GetProperty("sourcePath").GetString()));
        (await admin.PutAsync($"{Space}/instances/ann/states/current/files/lab/a.py", new StringContent("mine"))).EnsureSuccessStatusCode();
        var edited = await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/states/current/files/lab/a.py?meta=true");
        Assert.False(edited.TryGetProperty("deliveredBy", out var _), "An edited file was not delivered by anyone.");

        var list = await admin.GetFromJsonAsync<JsonElement>($"{Space}/distributions");
        Assert.Equal(accepted.GetProperty("id").GetString(), list[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task RecallAndCancelAnswerAsApiMdSays()
    {
        var (app, admin, snapshot) = await SetUpAsync();
        await using var _ = app;
        using var __ = admin;
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();
        using var created = await admin.PostAsJsonAsync($"{Space}/distributions",
            new { source = new { instance = "master", state = snapshot }, targets = new { instances = new[] { "ann" } } });
        await FinishedAsync(admin, created.Headers.Location!);

        using var recall = await admin.PostAsync($"{created.Headers.Location}/recall", null);

        Assert.Equal(HttpStatusCode.Accepted, recall.StatusCode);
        var recalled = await FinishedAsync(admin, recall.Headers.Location!);
        Assert.Equal("succeeded", recalled.GetProperty("status").GetString());
        var files = await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/states/current/files");
        Assert.Equal(0, files.GetProperty("entries").GetArrayLength());

        using var cancel = await admin.PostAsync($"{created.Headers.Location}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("succeeded", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await Problem.AssertAsync(await admin.PostAsync($"{recall.Headers.Location}/recall", null), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await admin.GetAsync($"{Space}/distributions/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task BadRequestsGetTheCodesOfApiMd()
    {
        var (app, admin, snapshot) = await SetUpAsync();
        await using var _ = app;
        using var __ = admin;
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Bob" })).EnsureSuccessStatusCode();

        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/distributions",
            new { source = new { instance = "master", state = "current" }, targets = new { instances = new[] { "ann", "bob" } } }), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/distributions",
            new { source = new { instance = "master", state = "current" }, targets = new { all = true } }), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/distributions",
            new { source = new { instance = "master", state = snapshot, paths = new[] { "../x" } }, targets = new { all = true } }), HttpStatusCode.BadRequest, "invalid_path");
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/distributions",
            new { source = new { instance = "master", state = snapshot }, targets = new { instances = new[] { "carol" } } }), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/distributions",
            new { source = new { instance = "master", state = snapshot }, targets = new { } }), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/distributions",
            new { source = new { instance = "master", state = snapshot }, targets = new { all = true }, strategy = "replace" }), HttpStatusCode.BadRequest, "invalid_request");

        using var one = await admin.PostAsJsonAsync($"{Space}/distributions",
            new { source = new { instance = "master", state = "current" }, targets = new { instances = new[] { "ann" } } });
        Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);
    }

    [Fact]
    public async Task InstancesCreatedWithContentStartFromTheSelectedPathsInEveryMode()
    {
        var (app, admin, snapshot) = await SetUpAsync();
        await using var _ = app;
        using var __ = admin;

        using var separate = await admin.PostAsJsonAsync($"{Space}/instances",
            new { mode = "separate", emails = "ann@example.org, bob@example.org", content = new { instance = "master", state = snapshot, paths = new[] { "lab" } } });
        using var joint = await admin.PostAsJsonAsync($"{Space}/instances",
            new { mode = "joint", name = "Group A", emails = new[] { "cat@example.org" }, content = new { instance = "master", state = "current" } });
        using var bad = await admin.PostAsJsonAsync($"{Space}/instances",
            new { mode = "single", name = "Nope", content = new { instance = "master", state = snapshot, paths = new[] { "missing" } } });

        Assert.Equal(HttpStatusCode.Created, separate.StatusCode);
        Assert.Equal(Space, separate.Headers.Location!.OriginalString);
        foreach (var student in new[] { "ann", "bob" })
        {
            var root = await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/{student}/states/current/files");
            Assert.Equal(["lab"], root.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
            Assert.Equal("a1", await admin.GetStringAsync($"{Space}/instances/{student}/states/current/files/lab/a.py"));
        }
        Assert.Equal(HttpStatusCode.Created, joint.StatusCode);
        Assert.Equal("v1", await admin.GetStringAsync($"{Space}/instances/group_a/states/current/files/readme.md"));
        await Problem.AssertAsync(bad, HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await admin.GetAsync($"{Space}/instances/nope"), HttpStatusCode.NotFound, "not_found");
    }
}
