using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Strata.Core.Maintenance;
using Strata.Storage.States;
using Strata.Tests.Databases;

namespace Strata.Server.Tests.Admin;

/// <summary>
/// API.md "Administration": POST /admin/gc queues a collection (or a dry run) that a background worker runs online. On
/// the store the app really uses (its folder, or its bucket in the PostgreSQL + S3 pass): deleting a course and
/// collecting gives back exactly its unique bytes, keeps what it shared, and leaves every state readable.
/// </summary>
public sealed class GarbageCollectionApiTests
{
    private static readonly Dictionary<string, string> NoGrace = new() { ["STRATA_GC_GRACE_SECONDS"] = "0" };

    [Fact]
    public async Task DeletingACourseAndCollectingGivesBackItsUniqueBytesOnTheAppsStore()
    {
        await using var app = new StrataApp(settings: NoGrace);
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Chemistry", type = "course" })).EnsureSuccessStatusCode();
        var shared = new string('s', 60_000);
        await PutAsync(admin, "physics", "shared/handout.txt", shared);
        await PutAsync(admin, "physics", "unique/one.txt", new string('1', 30_000));
        await PutAsync(admin, "physics", "unique/two.txt", new string('2', 20_000));
        await PutAsync(admin, "chemistry", "handout.txt", shared);
        var before = BlobBytes(app);

        (await admin.DeleteAsync("/api/v1/orgs/uni/spaces/physics")).EnsureSuccessStatusCode();
        using var started = await admin.PostAsJsonAsync("/api/v1/admin/gc", new { });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = await MaintenanceRuns.FinishedAsync(admin, started.Headers.Location!.OriginalString);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.False(run.GetProperty("dryRun").GetBoolean());
        Assert.Equal(2, run.GetProperty("blobsDeleted").GetInt64());
        Assert.True(run.GetProperty("treesDeleted").GetInt64() >= 3, "the course's folder objects go too");
        Assert.True(run.GetProperty("bytesReclaimed").GetInt64() > 50_000);
        Assert.True(run.GetProperty("objectsMarked").GetInt64() >= 2);
        Assert.Equal(50_000, before - BlobBytes(app));
        Assert.Equal(shared, await admin.GetStringAsync("/api/v1/orgs/uni/spaces/chemistry/instances/master/states/current/files/handout.txt"));
        Assert.True(await CleanAsync(admin));
    }

    [Fact]
    public async Task ADryRunSaysWhatWouldGoAndMovesNothing()
    {
        await using var app = new StrataApp(settings: NoGrace);
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        await PutAsync(admin, "physics", "notes.txt", "first draft");
        await PutAsync(admin, "physics", "notes.txt", "second draft");
        var before = BlobBytes(app);

        using var started = await admin.PostAsJsonAsync("/api/v1/admin/gc", new { dryRun = true });
        var run = await MaintenanceRuns.FinishedAsync(admin, started.Headers.Location!.OriginalString);

        Assert.True(run.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, run.GetProperty("blobsDeleted").GetInt64());
        Assert.Equal(before, BlobBytes(app));
        Assert.Equal("second draft", await admin.GetStringAsync("/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files/notes.txt"));
        var listed = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/admin/gc");
        Assert.Equal(run.GetProperty("id").GetString(), Assert.Single(listed!).GetProperty("id").GetString());
    }

    /// <summary>With the default grace period (a day), what just became unreachable stays, and the report says why.</summary>
    [Fact]
    public async Task RecentGarbageStaysForTheGracePeriodAndTheReportSaysSo()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        await PutAsync(admin, "physics", "notes.txt", "first draft");
        await PutAsync(admin, "physics", "notes.txt", "second draft");

        var run = await CollectAsync(admin);

        Assert.Equal((0L, 0L), (run.GetProperty("blobsDeleted").GetInt64(), run.GetProperty("treesDeleted").GetInt64()));
        Assert.True(run.GetProperty("recentKept").GetInt64() >= 2, "the first draft and the folder that held it");
        Assert.Contains("STRATA_GC_GRACE_SECONDS", run.GetProperty("note").GetString());
    }

    [Fact]
    public async Task OnlyPlatformAdministratorsCollectAndAnUnknownRunIsNotFound()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Strata.Core.Accounts.AccountService>().CreateUserAsync("prof@example.com", "Prof", "prof password", false, default);
        using var prof = app.ClientWithToken((await app.CreateTokenAsync("prof@example.com", "prof password")).Token);

        using var refused = await prof.PostAsJsonAsync("/api/v1/admin/gc", new { });
        using var unread = await prof.GetAsync("/api/v1/admin/gc");
        using var unknown = await admin.GetAsync($"/api/v1/admin/gc/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unread.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>
    /// Item 1's test on two nodes: node B's upload has stored its content and trees and pauses before its swap; node A
    /// collects with grace 0 and takes them to the trash, but may not purge while B's change is in flight. B commits; a
    /// read on A puts back what B's state needs; the next collection keeps it; an integrity check is clean.
    /// </summary>
    [PostgresOnlyFact]
    public async Task AnUploadPausedOnOneNodeLosesNothingToACollectionOnAnother()
    {
        var quick = new CollectorOptions { Grace = TimeSpan.Zero, IntentWait = TimeSpan.Zero, Interval = TimeSpan.Zero };
        await using var a = new StrataApp(settings: NoGrace, services: s => s.Replace(ServiceDescriptor.Singleton(quick)));
        await using var b = new StrataApp(database: a.ConnectionString, content: SameContent(a), settings: NoGrace);
        using var onA = await a.AdminClientAsync();
        using var onB = b.ClientWithToken((await a.CreateTokenAsync()).Token);
        (await onA.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await onA.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        await PutAsync(onA, "physics", "kept.txt", "kept");
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Services.GetRequiredService<FaultPoints>().Hook = async (point, ct) =>
        {
            if (point != FaultPoints.TreesWritten)
                return;
            reached.TrySetResult();
            await resume.Task.WaitAsync(ct);
        };

        var upload = PutAsync(onB, "physics", "lab/new.txt", "written on node B");
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var first = await CollectAsync(onA);
        b.Services.GetRequiredService<FaultPoints>().Hook = null;
        resume.SetResult();
        await upload;

        Assert.True(first.GetProperty("blobsTrashed").GetInt64() >= 1, "node B's new content was unreachable when A swept");
        Assert.False(first.GetProperty("purged").GetBoolean());
        Assert.Equal("written on node B", await onA.GetStringAsync(FileUrl("physics", "lab/new.txt")));
        var second = await CollectAsync(onA);
        Assert.True(second.GetProperty("purged").GetBoolean());
        Assert.Equal("written on node B", await onB.GetStringAsync(FileUrl("physics", "lab/new.txt")));
        Assert.Equal("kept", await onB.GetStringAsync(FileUrl("physics", "kept.txt")));
        Assert.True(await CleanAsync(onA));
    }

    private static Dictionary<string, string> SameContent(StrataApp app) => app.Bucket is { } bucket
        ? new Dictionary<string, string>(bucket.Settings) { ["STRATA_BLOBS"] = bucket.Location }
        : new Dictionary<string, string> { ["STRATA_BLOBS"] = Path.Combine(app.DataDirectory, "content") };

    private static long BlobBytes(StrataApp app)
    {
        if (app.Bucket is { } bucket)
            return bucket.Usage("blobs/").Bytes;
        var blobs = Path.Combine(app.DataDirectory, "content", "blobs");
        return Directory.Exists(blobs) ? new DirectoryInfo(blobs).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
    }

    private static string FileUrl(string space, string path) => $"/api/v1/orgs/uni/spaces/{space}/instances/master/states/current/files/{path}";

    private static async Task PutAsync(HttpClient client, string space, string path, string text)
    {
        using var response = await client.PutAsync($"/api/v1/orgs/uni/spaces/{space}/instances/master/states/current/files/{path}", new StringContent(text));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> CollectAsync(HttpClient admin)
    {
        using var started = await admin.PostAsJsonAsync("/api/v1/admin/gc", new { });
        var run = await MaintenanceRuns.FinishedAsync(admin, started.Headers.Location!.OriginalString);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.GetProperty("error").ToString());
        return run;
    }

    private static async Task<bool> CleanAsync(HttpClient admin)
    {
        using var started = await admin.PostAsJsonAsync("/api/v1/admin/fsck", new { });
        var run = await MaintenanceRuns.FinishedAsync(admin, started.Headers.Location!.OriginalString);
        return run.GetProperty("status").GetString() == "succeeded" && run.GetProperty("missing").GetArrayLength() == 0 && run.GetProperty("corrupt").GetArrayLength() == 0;
    }
}
