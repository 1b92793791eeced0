using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Snapshots;

/// <summary>SPEC §5's per-person, per-instance snapshot limit holds however many requests arrive at once.</summary>
public sealed class SnapshotLimitTests
{
    private const string Snapshots = "/api/v1/orgs/uni/spaces/physics/instances/master/snapshots";

    [Fact]
    public async Task ThirtyConcurrentSnapshotsTakeNoMoreThanTheLimit()
    {
        await using var app = StrataApp.OnKestrel(snapshotLimit: 5);
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();

        // Enough threads that the requests really overlap, even on a two-core machine.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => admin.PostAsJsonAsync(Snapshots, new { name = $"s{i}" })));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await Problem.AssertAsync(refused, HttpStatusCode.Conflict, "snapshot_limit_reached");
        Assert.Equal(5, (await admin.GetFromJsonAsync<JsonElement[]>(Snapshots))!.Length);
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task DeletingASnapshotMakesRoomForAnother()
    {
        await using var app = new StrataApp(snapshotLimit: 2);
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        using var first = await admin.PostAsJsonAsync(Snapshots, new { name = "one" });
        (await admin.PostAsJsonAsync(Snapshots, new { name = "two" })).EnsureSuccessStatusCode();
        await Problem.AssertAsync(await admin.PostAsJsonAsync(Snapshots, new { name = "three" }), HttpStatusCode.Conflict, "snapshot_limit_reached");

        (await admin.DeleteAsync(first.Headers.Location)).EnsureSuccessStatusCode();
        using var again = await admin.PostAsJsonAsync(Snapshots, new { name = "three" });

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }
}
