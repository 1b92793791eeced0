using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strata.Tests.Databases;

namespace Strata.Server.Tests.Hosting;

/// <summary>
/// SPEC §9 and API.md: /readyz says whether the node can reach its database and content store; a node that
/// loses one answers 503 unavailable (never a 500), corrupts nothing, and serves again by itself when it returns.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task AServingNodeIsAliveAndReady()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var alive = await client.GetAsync("/healthz");
        using var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task AContentStoreThatGoesAwayMakesTheNodeUnreadyUntilItReturns()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        var content = Path.Combine(app.DataDirectory, "content");
        var away = content + "-unmounted";

        if (app.Bucket is { } bucket)
            bucket.TakeAway();
        else
            Directory.Move(content, away);
        using (var gone = await client.GetAsync("/readyz"))
        using (var alive = await client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
        if (app.Bucket is { } again)
            again.BringBack();
        else
            Directory.Move(away, content);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    /// <summary>The PostgreSQL server stopped and started under a running node: 503s meanwhile, then it serves again, with nothing lost.</summary>
    [PostgresOnlyFact]
    public async Task ADatabaseThatStopsGivesUnavailableAndTheNodeRecoversWithoutARestart()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var app = new StrataApp(database: cluster.Url);
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();

        await cluster.HaltAsync();
        using (var ready = await admin.GetAsync("/readyz"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using (var read = await admin.GetAsync("/api/v1/orgs"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            var problem = await read.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("unavailable", problem.GetProperty("code").GetString());
        }
        using (var write = await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Lost", slug = "lost" }))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);

        await cluster.ResumeAsync();
        using (var ready = await admin.GetAsync("/readyz"))
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var orgs = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/orgs");
        Assert.Equal(["uni"], orgs!.Select(o => o.GetProperty("slug").GetString()));
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Again", slug = "again" })).EnsureSuccessStatusCode();
    }

    /// <summary>The S3 server process killed and started again under a running node: 503s meanwhile, nothing half-written, then it serves again.</summary>
    [S3OnlyFact]
    public async Task AContentStoreProcessThatStopsGivesUnavailableAndTheNodeRecoversWithoutARestart()
    {
        await using var store = await S3Server.StartAsync();
        await using var app = new StrataApp(content: store.Settings);
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        const string files = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files";
        (await admin.PutAsync($"{files}/notes.txt", new StringContent("kept"))).EnsureSuccessStatusCode();

        await store.HaltAsync();
        using (var ready = await admin.GetAsync("/readyz"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using (var read = await admin.GetAsync($"{files}/notes.txt"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Equal("unavailable", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        using (var write = await admin.PutAsync($"{files}/lost.txt", new StringContent("never stored")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            Assert.Equal("unavailable", (await write.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        await store.ResumeAsync();
        using (var ready = await admin.GetAsync("/readyz"))
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("kept", await admin.GetStringAsync($"{files}/notes.txt"));
        using (var lost = await admin.GetAsync($"{files}/lost.txt"))
            Assert.Equal(HttpStatusCode.NotFound, lost.StatusCode);
        (await admin.PutAsync($"{files}/again.txt", new StringContent("stored"))).EnsureSuccessStatusCode();
        Assert.Equal("stored", await admin.GetStringAsync($"{files}/again.txt"));
    }
}
