using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Admin;

/// <summary>
/// API.md "Administration": POST /admin/fsck queues an integrity check that a background worker runs; its report
/// names every missing or corrupt object with the states that reference it. Damage is done to the content store the
/// app really uses (its folder, or its bucket in the PostgreSQL + S3 pass).
/// </summary>
public sealed class IntegrityCheckApiTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";
    private const string Files = Space + "/instances/master/states/current/files";

    [Fact]
    public async Task ACheckOfAHealthyStoreSucceedsWithNothingFound()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        await CourseAsync(admin);

        using var started = await admin.PostAsJsonAsync("/api/v1/admin/fsck", new { });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var queued = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/admin/fsck/{queued.GetProperty("id").GetString()}", started.Headers.Location!.OriginalString);
        var run = await MaintenanceRuns.FinishedAsync(admin, started.Headers.Location!.OriginalString);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Empty(run.GetProperty("missing").EnumerateArray());
        Assert.Empty(run.GetProperty("corrupt").EnumerateArray());
        // Two blobs; the roots of the current state and of the snapshot, and the folder week1/ they share.
        Assert.Equal(5, run.GetProperty("objectsChecked").GetInt64());
        var listed = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/admin/fsck");
        Assert.Equal(queued.GetProperty("id").GetString(), Assert.Single(listed!).GetProperty("id").GetString());
    }

    [Fact]
    public async Task MissingAndCorruptObjectsAreNamedWithTheStatesThatReferenceThem()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        var (lost, damaged, snapshot) = await CourseAsync(admin);
        Damage(app, lost, damaged);

        using var started = await admin.PostAsJsonAsync("/api/v1/admin/fsck", new { });
        var run = await MaintenanceRuns.FinishedAsync(admin, started.Headers.Location!.OriginalString);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var missing = Assert.Single(run.GetProperty("missing").EnumerateArray());
        Assert.Equal(lost, missing.GetProperty("id").GetString());
        Assert.Equal("file", missing.GetProperty("kind").GetString());
        Assert.Equal([("master", "current"), ("master", snapshot)], References(missing));
        var corrupt = Assert.Single(run.GetProperty("corrupt").EnumerateArray());
        Assert.Equal(damaged, corrupt.GetProperty("id").GetString());
        Assert.Equal([("master", "current")], References(corrupt));
        Assert.All(missing.GetProperty("referencedBy").EnumerateArray(), r =>
            Assert.Equal(("uni", "physics"), (r.GetProperty("org").GetString(), r.GetProperty("space").GetString())));
    }

    [Fact]
    public async Task AnUnknownRunIsNotFound()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();

        using var response = await admin.GetAsync($"/api/v1/admin/fsck/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>week1/notes.txt and data.csv in Master, a snapshot, then data.csv changed: ids of notes, the new data, and the snapshot.</summary>
    private static async Task<(string Notes, string Data, string Snapshot)> CourseAsync(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        var notes = await PutAsync(admin, "week1/notes.txt", "read chapter one");
        var snapshot = (await (await admin.PostAsJsonAsync($"{Space}/instances/master/snapshots", new { })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetString()!;
        var data = await PutAsync(admin, "data.csv", "x,y\n1,2\n");
        return (notes, data, snapshot);
    }

    private static async Task<string> PutAsync(HttpClient admin, string path, string text)
    {
        using var response = await admin.PutAsync($"{Files}/{path}", new StringContent(text));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hash").GetString()!;
    }

    private static void Damage(StrataApp app, string lost, string damaged)
    {
        string Key(string id) => $"blobs/{id[..2]}/{id[2..4]}/{id}";
        if (app.Bucket is { } bucket)
        {
            bucket.Delete(Key(lost));
            bucket.Overwrite(Key(damaged), "x,y\n1,3\n"u8.ToArray());
            return;
        }
        var content = Path.Combine(app.DataDirectory, "content");
        File.Delete(Path.Combine(content, Key(lost)));
        File.WriteAllText(Path.Combine(content, Key(damaged)), "x,y\n1,3\n");
    }

    private static (string, string)[] References(JsonElement finding) =>
        [.. finding.GetProperty("referencedBy").EnumerateArray().Select(r => (r.GetProperty("instance").GetString()!, r.GetProperty("state").GetString()!))];
}
