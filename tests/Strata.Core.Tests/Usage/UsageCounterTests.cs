using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Core.Maintenance;
using Strata.Core.States;
using Strata.Core.Tests.Distributions;
using Strata.Core.Usage;

namespace Strata.Core.Tests.Usage;

/// <summary>
/// The storage count through the real services: what each space, instance and snapshot references and holds alone,
/// and answers read from its figures (so from the scope's own rows, never a walk of the platform).
/// </summary>
public sealed class UsageCounterTests
{
    private static readonly InstanceAddress Chemistry = new(DistributionWorld.Org, "chemistry", "master");

    [Fact]
    public async Task EachLevelHoldsAloneWhatNoOtherHolderOfThatLevelReaches()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await host.CreateSpaceAsync(DistributionWorld.Org, "chemistry");
        var ann = await world.AddInstanceAsync("Ann");
        await world.WriteAsync("master", ("a.txt", Text('a', 100)), ("shared.txt", Text('s', 50)));
        var first = await world.SnapshotAsync("master", "first");
        await world.PutAsync("master", "a.txt", Text('b', 70));
        var second = await world.SnapshotAsync("master", "second");
        var third = await world.SnapshotAsync("master", "third"); // the same tree as the second and as the current state
        await world.WriteAsync(ann, ("copy.txt", Text('s', 50)), ("own.txt", Text('o', 20)));
        await PutAsync(host, Chemistry, "c.txt", Text('c', 30));
        await PutAsync(host, Chemistry, "also-ann.txt", Text('o', 20));

        await CountAsync(host);

        var physics = await SpaceAsync(host, DistributionWorld.Space);
        Assert.Equal((240L, 220L), (physics.ReferencedBytes, physics.UniqueBytes));
        Assert.False(physics.ChangedSinceCount);
        var rows = physics.Instances.ToDictionary(i => i.Instance, i => (i.ReferencedBytes, i.UniqueBytes));
        Assert.Equal((220L, 170L), rows["master"]);
        Assert.Equal((70L, 0L), rows[ann]); // its copy is master's, its own file is also in chemistry
        Assert.Equal((0L, 0L), rows["distributed"]);
        Assert.Equal((50L, 30L), ((await SpaceAsync(host, "chemistry")).ReferencedBytes, (await SpaceAsync(host, "chemistry")).UniqueBytes));

        var master = await InstanceAsync(host, DistributionWorld.At("master"));
        Assert.Equal((220L, 170L, 120L), (master.ReferencedBytes, master.UniqueBytes, master.CurrentBytes));
        var snapshots = master.Snapshots.ToDictionary(s => s.Id, s => (s.ReferencedBytes, s.UniqueBytes));
        Assert.Equal((150L, 100L), snapshots[first.Id]);
        Assert.Equal((120L, 0L), snapshots[second.Id]);
        Assert.Equal((120L, 0L), snapshots[third.Id]);
    }

    [Fact]
    public async Task WhatADistributionRecordedBelongsToTheSpaceNotToTheInstance()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        var ann = await world.AddInstanceAsync("Ann");
        await world.WriteAsync(ann, ("notes.txt", Text('n', 40)));
        await world.WriteAsync("master", ("notes.txt", Text('m', 10)));
        // Overwrite: Ann's notes are kept by her automatic snapshot and by the distribution's record for a recall.
        await world.DistributeAsync("master", "current", [ann]);

        await CountAsync(host);

        var rows = (await SpaceAsync(host, DistributionWorld.Space)).Instances.ToDictionary(i => i.Instance, i => (i.ReferencedBytes, i.UniqueBytes));
        Assert.Equal((50L, 0L), rows[ann]); // deleting Ann would free nothing: the record still holds her notes
        Assert.Equal((50L, 50L), ((await SpaceAsync(host, DistributionWorld.Space)).ReferencedBytes, (await SpaceAsync(host, DistributionWorld.Space)).UniqueBytes));
    }

    [Fact]
    public async Task AnswersComeFromTheFiguresAndAChangeMarksThemOutOfDateAndQueuesOneCount()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("a.txt", Text('a', 100)));

        var before = await SpaceAsync(host, DistributionWorld.Space);
        Assert.Null(before.CountedAt);
        Assert.True(before.Counting, "figures nobody counted yet queue a count");
        await CountAsync(host);
        await host.RunAsync(s => s.GetRequiredService<StrataDb>().MaintenanceRuns.ExecuteDeleteAsync());

        // The space's answer reads no folder at all: it holds even with the content store gone.
        Directory.Move(host.ContentDirectory, host.ContentDirectory + ".away");
        var counted = await SpaceAsync(host, DistributionWorld.Space);
        Directory.Move(host.ContentDirectory + ".away", host.ContentDirectory);
        Assert.Equal((100L, 100L, false, false), (counted.ReferencedBytes, counted.UniqueBytes, counted.ChangedSinceCount, counted.Counting));
        Assert.Equal(host.Clock.GetUtcNow(), counted.CountedAt);

        await world.PutAsync("master", "b.txt", Text('b', 5));
        var changed = await SpaceAsync(host, DistributionWorld.Space);
        Assert.Equal((100L, true, true), (changed.ReferencedBytes, changed.ChangedSinceCount, changed.Counting));
        Assert.True(changed.Instances.Single(i => i.Instance == "master").ChangedSinceCount);
        await SpaceAsync(host, DistributionWorld.Space);
        Assert.Equal(1, await host.RunAsync(s => s.GetRequiredService<StrataDb>().MaintenanceRuns.CountAsync(r => r.Kind == MaintenanceKind.Usage)));

        await host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("test-worker", CancellationToken.None));
        var recounted = await SpaceAsync(host, DistributionWorld.Space);
        Assert.Equal((105L, false, false), (recounted.ReferencedBytes, recounted.ChangedSinceCount, recounted.Counting));
    }

    private static string Text(char c, int length) => new(c, length);

    private static Task<UsageCounter.Report> CountAsync(CoreHost host) =>
        host.RunAsync(s => s.GetRequiredService<UsageCounter>().RunAsync(null, CancellationToken.None));

    private static Task<SpaceStorageView> SpaceAsync(CoreHost host, string space) =>
        host.RunAsync(s => s.GetRequiredService<StorageUsage>().SpaceAsync(host.Admin, DistributionWorld.Org, space, CancellationToken.None));

    private static Task<InstanceStorageView> InstanceAsync(CoreHost host, InstanceAddress at) =>
        host.RunAsync(s => s.GetRequiredService<StorageUsage>().InstanceAsync(host.Admin, at, CancellationToken.None));

    private static Task<FileWrite> PutAsync(CoreHost host, InstanceAddress at, string path, string text) => host.RunAsync(s =>
        s.GetRequiredService<FileService>().UploadAsync(host.Admin, at, "current", path, new MemoryStream(Encoding.UTF8.GetBytes(text)), null, null, CancellationToken.None));
}
