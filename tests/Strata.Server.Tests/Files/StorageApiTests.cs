using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Files;

public sealed class StorageApiTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    private static ByteArrayContent Bytes(int size, byte fill) => new(Enumerable.Repeat(fill, size).ToArray());

    [Fact]
    public async Task BytesCountOnceAndUniqueBytesAreWhatNothingElseHolds()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Chemistry", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();
        var master = $"{Space}/instances/master/states/current/files";
        var ann = $"{Space}/instances/ann/states/current/files";
        (await admin.PutAsync($"{master}/a.bin", Bytes(100, 1))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{master}/shared.bin", Bytes(50, 2))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{master}/copy/of/shared.bin", Bytes(50, 2))).EnsureSuccessStatusCode();
        var snapshot = (await (await admin.PostAsync($"{Space}/instances/master/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await admin.PutAsync($"{master}/a.bin", Bytes(70, 3))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{ann}/mine.bin", Bytes(30, 4))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{ann}/shared.bin", Bytes(50, 2))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{ann}/also-elsewhere.bin", Bytes(20, 5))).EnsureSuccessStatusCode();
        (await admin.PutAsync("/api/v1/orgs/uni/spaces/chemistry/instances/master/states/current/files/x.bin", Bytes(20, 5))).EnsureSuccessStatusCode();

        var first = await admin.GetFromJsonAsync<JsonElement>($"{Space}/storage");
        Assert.Equal(JsonValueKind.Null, first.GetProperty("countedAt").ValueKind);
        Assert.True(first.GetProperty("counting").GetBoolean(), "figures nobody counted yet queue a count");
        await CountedAsync(admin, $"{Space}/storage");

        var masterUsage = await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/master/storage");
        Assert.False(masterUsage.GetProperty("changedSinceCount").GetBoolean());
        Assert.Equal(220, masterUsage.GetProperty("referencedBytes").GetInt64());
        Assert.Equal(170, masterUsage.GetProperty("uniqueBytes").GetInt64());
        Assert.Equal(120, masterUsage.GetProperty("currentBytes").GetInt64());
        var snapshotUsage = masterUsage.GetProperty("snapshots").EnumerateArray().Single();
        Assert.Equal(snapshot, snapshotUsage.GetProperty("id").GetString());
        Assert.Equal((150, 100), (snapshotUsage.GetProperty("referencedBytes").GetInt64(), snapshotUsage.GetProperty("uniqueBytes").GetInt64()));

        var annUsage = await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/storage");
        Assert.Equal((100, 30), (annUsage.GetProperty("referencedBytes").GetInt64(), annUsage.GetProperty("uniqueBytes").GetInt64()));

        var spaceUsage = await admin.GetFromJsonAsync<JsonElement>($"{Space}/storage");
        Assert.Equal(270, spaceUsage.GetProperty("referencedBytes").GetInt64());
        Assert.Equal(250, spaceUsage.GetProperty("uniqueBytes").GetInt64());
        var perInstance = spaceUsage.GetProperty("instances").EnumerateArray()
            .ToDictionary(i => i.GetProperty("instance").GetString()!, i => (i.GetProperty("referencedBytes").GetInt64(), i.GetProperty("uniqueBytes").GetInt64()));
        Assert.Equal((220, 170), perInstance["master"]);
        Assert.Equal((100, 30), perInstance["ann"]);
        Assert.Equal((0, 0), perInstance["distributed"]);

        (await admin.PutAsync($"{ann}/more.bin", Bytes(5, 6))).EnsureSuccessStatusCode();
        var changed = await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/storage");
        Assert.True(changed.GetProperty("changedSinceCount").GetBoolean());
        Assert.Equal(105, changed.GetProperty("currentBytes").GetInt64()); // read now, not counted
        var recounted = await CountedAsync(admin, $"{Space}/instances/ann/storage");
        Assert.Equal((105, 35), (recounted.GetProperty("referencedBytes").GetInt64(), recounted.GetProperty("uniqueBytes").GetInt64()));
    }

    /// <summary>Reads the figures until the count that the first look queued has ended and they are up to date.</summary>
    private static async Task<JsonElement> CountedAsync(HttpClient client, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var figures = await client.GetFromJsonAsync<JsonElement>(path);
            if (!figures.GetProperty("counting").GetBoolean() && !figures.GetProperty("changedSinceCount").GetBoolean())
                return figures;
            Assert.True(attempt < 300, "the storage count did not end within 30 s");
            await Task.Delay(100);
        }
    }
}
