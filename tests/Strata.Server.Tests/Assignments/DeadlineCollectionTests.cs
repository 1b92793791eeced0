using System.Net.Http.Json;
using System.Text.Json;
using static Strata.Server.Tests.Assignments.AssignmentWorld;

namespace Strata.Server.Tests.Assignments;

/// <summary>Collection at the deadline (SPEC §12): each target frozen once, by whichever node gets there, at its own deadline.</summary>
public sealed class DeadlineCollectionTests
{
    [Fact]
    public async Task NothingIsCollectedBeforeTheDeadlineAndEachTargetOnceAfterItEvenWithTwoWorkers()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync(dueIn: TimeSpan.FromHours(1))).GetProperty("id").GetString()!;
        (await world.HandInAsync("ann", id, "ann")).EnsureSuccessStatusCode();
        (await world.Admin.PutAsJsonAsync($"{Base}/{id}/extensions/cat", new { dueAt = world.Clock.GetUtcNow().AddHours(3) })).EnsureSuccessStatusCode();
        Assert.False(await world.CollectDueAsync());

        world.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var passes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.CollectDueAsync()));
        while (await world.CollectDueAsync())
        {
        }

        Assert.Contains(true, passes);
        var submissions = await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions");
        Assert.Equal(["handin", "collected", null], submissions.EnumerateArray().Select(s => s.GetProperty("handIn") is { ValueKind: JsonValueKind.Object } h ? h.GetProperty("kind").GetString() : null));
        Assert.Single((await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/handins?instance=bob")).EnumerateArray());
        Assert.Single((await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/handins?instance=ann")).EnumerateArray());

        world.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await world.CollectDueAsync());
        Assert.False(await world.CollectDueAsync());
        var cat = await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/handins?instance=cat");
        Assert.Equal("collected", Assert.Single(cat.EnumerateArray()).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ADeadlineMovedLaterIsCollectedWhenItPassesAgain()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync(dueIn: TimeSpan.FromHours(1))).GetProperty("id").GetString()!;
        (await world.Admin.PatchAsJsonAsync($"{Base}/{id}", new { dueAt = world.Clock.GetUtcNow().AddHours(5) })).EnsureSuccessStatusCode();

        world.Clock.Advance(TimeSpan.FromHours(2));
        Assert.False(await world.CollectDueAsync());
        (await world.HandInAsync("bob", id, "bob")).EnsureSuccessStatusCode();

        world.Clock.Advance(TimeSpan.FromHours(4));
        Assert.True(await world.CollectDueAsync());
        var submissions = await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions");
        Assert.Equal(["collected", "handin", "collected"], submissions.EnumerateArray().Select(s => s.GetProperty("handIn").GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task AnEarlyCollectionOrAnExtensionAfterTheDeadlineIsCollectedAgainAtTheDeadlineThatCounts()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync(dueIn: TimeSpan.FromHours(1))).GetProperty("id").GetString()!;
        (await world.Admin.PostAsJsonAsync($"{Base}/{id}/collect", new { })).EnsureSuccessStatusCode(); // a look half-way through
        (await world.As("ann").PutAsync($"{Space}/instances/ann/states/current/files/hw1/task.py", new StringContent("ann's last minute"))).EnsureSuccessStatusCode();

        world.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.True(await world.CollectDueAsync());
        var ann = await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/handins?instance=ann");
        Assert.Equal(2, ann.GetArrayLength());
        var latest = ann[0].GetProperty("snapshot").GetProperty("id").GetString();
        Assert.Equal("ann's last minute", await world.Admin.GetStringAsync($"{Space}/instances/ann/states/{latest}/files/hw1/task.py"));

        (await world.Admin.PutAsJsonAsync($"{Base}/{id}/extensions/bob", new { dueAt = world.Clock.GetUtcNow().AddHours(1) })).EnsureSuccessStatusCode();
        (await world.As("bob").PutAsync($"{Space}/instances/bob/states/current/files/hw1/task.py", new StringContent("bob, extended"))).EnsureSuccessStatusCode();
        world.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.True(await world.CollectDueAsync());
        Assert.False(await world.CollectDueAsync());
        var bob = (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions"))[1].GetProperty("handIn");
        Assert.Equal("bob, extended", await world.Admin.GetStringAsync($"{Space}/instances/bob/states/{bob.GetProperty("snapshot").GetProperty("id").GetString()}/files/hw1/task.py"));
        Assert.Equal(3, (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/handins?instance=bob")).GetArrayLength());
        Assert.Equal(2, (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/handins?instance=cat")).GetArrayLength());
    }

    [Fact]
    public async Task TheServersOwnWorkerCollectsSoonAfterTheDeadline()
    {
        await using var world = await AssignmentWorld.CreateAsync(new Dictionary<string, string> { ["STRATA_DEADLINE_POLL_MS"] = "100" }, fakeClock: false);
        var id = (await world.CreateAsync(dueAt: DateTimeOffset.UtcNow.AddSeconds(2))).GetProperty("id").GetString()!;

        JsonElement submissions = default;
        for (var i = 0; i < 100; i++)
        {
            submissions = await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions");
            if (submissions.EnumerateArray().All(s => s.GetProperty("handIn").ValueKind == JsonValueKind.Object))
                break;
            await Task.Delay(100);
        }
        Assert.All(submissions.EnumerateArray(), s => Assert.Equal("collected", s.GetProperty("handIn").GetProperty("kind").GetString()));
    }
}
