using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Overview;

/// <summary>The audit log reads a page at a time in the database and says what changed in names people gave things.</summary>
public sealed class AuditApiTests
{
    [Fact]
    public async Task TheAuditLogPagesFiltersAndNamesThingsByTheirNames()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics 101", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics_101/instances", new { mode = "single", name = "Lab Team" })).EnsureSuccessStatusCode();
        for (var n = 0; n < 5; n++)
            (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics_101/instances/lab_team/snapshots", new { name = $"Step {n}" })).EnsureSuccessStatusCode();

        var whole = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/orgs/uni/audit");
        Assert.Equal(8, whole!.Length);
        Assert.Equal("snapshot \"Step 4\" of instance \"Lab Team\" in Physics 101", whole[0].GetProperty("target").GetString());

        using var first = await admin.GetAsync("/api/v1/orgs/uni/audit?limit=3&action=snapshot.created");
        var page = await first.Content.ReadFromJsonAsync<JsonElement[]>();
        Assert.Equal(["Step 4", "Step 3", "Step 2"], page!.Select(e => e.GetProperty("target").GetString()!.Split('"')[1]));
        var next = first.Headers.GetValues("Link").Single().Split('>')[0].TrimStart('<');
        var rest = await admin.GetFromJsonAsync<JsonElement[]>(next);
        Assert.Equal(["Step 1", "Step 0"], rest!.Select(e => e.GetProperty("target").GetString()!.Split('"')[1]));

        var mentioning = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/orgs/uni/audit?q=lab%20TEAM&action=instance.created");
        Assert.Single(mentioning!);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/orgs/uni/audit?limit=0")).StatusCode);
    }
}
