using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace Strata.Server.Tests.Snapshots;

public sealed class SnapshotsApiTests
{
    private const string Instance = "/api/v1/orgs/uni/spaces/physics/instances/master";

    [Fact]
    public async Task QuickSnapshotNeedsNoInputAndTakesTheCurrentDescription()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        (await admin.PatchAsJsonAsync(Instance, new { currentStateDescription = "Week 1 material" })).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Instance}/states/current/files/a.txt", new StringContent("12345"))).EnsureSuccessStatusCode();

        using var response = await admin.PostAsync($"{Instance}/snapshots", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var snapshot = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("quick", snapshot.GetProperty("type").GetString());
        Assert.Equal("Week 1 material", snapshot.GetProperty("description").GetString());
        Assert.Equal(1, snapshot.GetProperty("fileCount").GetInt64());
        Assert.Equal(5, snapshot.GetProperty("size").GetInt64());
        Assert.Equal(StrataApp.AdminEmail, snapshot.GetProperty("createdBy").GetString());
        Assert.EndsWith($"/snapshots/{snapshot.GetProperty("id").GetString()}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailedSnapshotSetsTheNextPhaseOrMarksTheInstanceIdle()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        var detailed = await (await admin.PostAsJsonAsync($"{Instance}/snapshots", new { name = "Draft", description = "first draft", nextPhaseDescription = "Revise" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var afterNext = await admin.GetFromJsonAsync<JsonElement>(Instance);
        (await admin.PostAsJsonAsync($"{Instance}/snapshots", new { name = "Final", noWorkExpected = true })).EnsureSuccessStatusCode();
        var afterIdle = await admin.GetFromJsonAsync<JsonElement>(Instance);

        Assert.Equal("detailed", detailed.GetProperty("type").GetString());
        Assert.Equal("Revise", afterNext.GetProperty("currentStateDescription").GetString());
        Assert.False(afterNext.GetProperty("idle").GetBoolean());
        Assert.Equal("", afterIdle.GetProperty("currentStateDescription").GetString());
        Assert.True(afterIdle.GetProperty("idle").GetBoolean());
    }

    [Fact]
    public async Task ChangingTheCurrentStateNeverChangesASnapshot()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        (await admin.PutAsync($"{Instance}/states/current/files/essay.txt", new StringContent("v1"))).EnsureSuccessStatusCode();
        var id = (await (await admin.PostAsync($"{Instance}/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        (await admin.PutAsync($"{Instance}/states/current/files/essay.txt", new StringContent("v2"))).EnsureSuccessStatusCode();
        (await admin.DeleteAsync($"{Instance}/states/current/files/essay.txt")).EnsureSuccessStatusCode();

        Assert.Equal("v1", await admin.GetStringAsync($"{Instance}/states/{id}/files/essay.txt"));
    }

    [Fact]
    public async Task WritingToASnapshotIsRefused()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        var id = (await (await admin.PostAsync($"{Instance}/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var response = await admin.PutAsync($"{Instance}/states/{id}/files/x.txt", new StringContent("x"));

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "snapshot_immutable");
    }

    [Fact]
    public async Task ListIsNewestFirstAndDeletingOneLeavesTheOthers()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        foreach (var name in new[] { "one", "two", "three" })
            (await admin.PostAsJsonAsync($"{Instance}/snapshots", new { name })).EnsureSuccessStatusCode();

        var list = await admin.GetFromJsonAsync<JsonElement[]>($"{Instance}/snapshots");
        Assert.NotNull(list);
        Assert.Equal(["three", "two", "one"], list.Select(s => s.GetProperty("name").GetString()));
        var two = list[1].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Instance}/snapshots/{two}")).StatusCode);

        await Problem.AssertAsync(await admin.GetAsync($"{Instance}/snapshots/{two}"), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement[]>($"{Instance}/snapshots"))!.Length);
    }

    [Fact]
    public async Task PerUserLimitGivesAClearError()
    {
        await using var app = new StrataApp();
        await using var limited = app.WithWebHostBuilder(builder => builder.UseSetting("STRATA_SNAPSHOT_LIMIT", "2"));
        using var admin = limited.CreateDefaultClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await CreateTokenAsync(limited)).GetProperty("token").GetString());
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsync($"{Instance}/snapshots", null)).EnsureSuccessStatusCode();
        (await admin.PostAsync($"{Instance}/snapshots", null)).EnsureSuccessStatusCode();

        using var third = await admin.PostAsync($"{Instance}/snapshots", null);

        await Problem.AssertAsync(third, HttpStatusCode.Conflict, "snapshot_limit_reached");
    }

    [Fact]
    public async Task DistributedIsNotSnapshottedByHand()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.PostAsync("/api/v1/orgs/uni/spaces/physics/instances/distributed/snapshots", null);

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "distributed_instance");
    }

    private static async Task<JsonElement> CreateTokenAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app)
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = StrataApp.AdminPassword });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpClient> SetUpAsync(StrataApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return admin;
    }
}
