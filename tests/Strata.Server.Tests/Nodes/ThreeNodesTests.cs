using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strata.Tests.Databases;

namespace Strata.Server.Tests.Nodes;

/// <summary>
/// Issue 15: three real server processes over one PostgreSQL database and one content store (S3 in the PostgreSQL
/// + S3 pass of .ci/run, else a shared folder), started together on
/// an empty database. A course's flow is spread over them; the node running a distribution is killed in the middle,
/// and another finishes it with every target applied exactly once.
/// </summary>
public sealed class ThreeNodesTests
{
    private const string Space = "api/v1/orgs/uni/spaces/physics";
    private const int Students = 300;

    [PostgresOnlyFact]
    public async Task ACourseRunsAcrossThreeNodesAndADistributionSurvivesTheDeathOfItsNode()
    {
        var folder = Path.Combine(Path.GetTempPath(), "strata-three-nodes", Guid.NewGuid().ToString("N"));
        var database = ScratchDatabase.Create(folder);
        using var bucket = ScratchBucket.CreateIfInUse();
        var blobs = bucket?.Location ?? Path.Combine(folder, "content");
        try
        {
            var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => NodeProcess.StartAsync(database, blobs, bucket?.Settings)));
            await using var a = nodes[0];
            await using var b = nodes[1];
            await using var c = nodes[2];
            var token = await a.CreateTokenAsync();
            using var onA = a.Client(token);
            using var onB = b.Client(token);
            using var onC = c.Client(token);

            // A: the course and its students.
            (await onA.PostAsJsonAsync("api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
            (await onA.PostAsJsonAsync("api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
            var emails = Enumerable.Range(0, Students).Select(n => $"student{n:D3}@uni.example").ToArray();
            (await onA.PostAsJsonAsync($"{Space}/instances", new { mode = "separate", emails })).EnsureSuccessStatusCode();

            // B: the teacher's material, and a snapshot of it.
            for (var n = 0; n < 5; n++)
            {
                using var content = new StringContent($"exercise {n}\n");
                (await onB.PutAsync($"{Space}/instances/master/states/current/files/week1/exercise{n}.md", content)).EnsureSuccessStatusCode();
            }
            var snapshot = await (await onB.PostAsJsonAsync($"{Space}/instances/master/snapshots", new { name = "Week 1" })).Content.ReadFromJsonAsync<JsonElement>();

            // C: distribute to everyone; C dies as soon as it has started.
            using var queued = await onC.PostAsJsonAsync($"{Space}/distributions", new
            {
                source = new { instance = "master", state = snapshot.GetProperty("id").GetString() },
                targets = new { all = true },
            });
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
            var id = (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            await c.KillAsync();

            // A or B takes the job over when C's lease runs out, and finishes it.
            var done = await WaitFinishedAsync(onA, id!, TimeSpan.FromSeconds(120));
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
            var targets = done.GetProperty("targets").EnumerateArray().ToList();
            Assert.Equal(Students, targets.Count(t => t.GetProperty("instance").GetString()!.StartsWith("student", StringComparison.Ordinal)));
            Assert.All(targets, t => Assert.Equal("succeeded", t.GetProperty("status").GetString()));

            // Applied once: each instance has the files once and one automatic snapshot from this distribution.
            foreach (var student in new[] { 0, Students / 2, Students - 1 })
            {
                var slug = targets.Select(t => t.GetProperty("instance").GetString()!).Where(s => s.StartsWith("student", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ElementAt(student);
                var files = await onB.GetFromJsonAsync<JsonElement>($"{Space}/instances/{slug}/states/current/files/week1");
                Assert.Equal(5, files.GetProperty("entries").GetArrayLength());
                var snapshots = await onB.GetFromJsonAsync<JsonElement[]>($"{Space}/instances/{slug}/snapshots");
                Assert.Single(snapshots!, s => s.GetProperty("type").GetString() == "auto");
            }
        }
        finally
        {
            ScratchDatabase.Drop(database);
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<JsonElement> WaitFinishedAsync(HttpClient client, string id, TimeSpan bound)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"{Space}/distributions/{id}");
            if (job.GetProperty("status").GetString() is not ("queued" or "running"))
                return job;
            if (watch.Elapsed > bound)
                Assert.Fail($"The distribution was still {job.GetProperty("status").GetString()} after {bound.TotalSeconds} s ({job.GetProperty("progress")}).");
            await Task.Delay(500);
        }
    }
}
