using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Core.Maintenance;
using Strata.Core.Snapshots;
using Strata.Core.States;
using Strata.Core.Tests.Distributions;
using Strata.Storage;
using Strata.Storage.States;

namespace Strata.Core.Tests.Maintenance;

/// <summary>
/// Garbage collection through the real services (SQLite, a content folder): it gives back what nothing reaches, keeps what
/// something does, and never loses an object a change in flight is about to reference, with a grace period of zero
/// (docs/storage.md, "Garbage collection"). The clock is set to now, so the objects' write times and the cutoff agree.
/// </summary>
public sealed class GarbageCollectorTests
{
    private static readonly CollectorOptions NoGrace = new() { Grace = TimeSpan.Zero, IntentWait = TimeSpan.Zero, Interval = TimeSpan.Zero };

    [Fact]
    public async Task DeletingACourseAndCollectingGivesBackItsUniqueBytesAndKeepsWhatItShared()
    {
        await using var host = await CreateHostAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await host.CreateSpaceAsync(DistributionWorld.Org, "chemistry");
        var shared = new string('s', 40_000);
        await world.WriteAsync("master", ("shared.txt", shared), ("unique/a.txt", new string('a', 30_000)), ("unique/b.txt", new string('b', 20_000)));
        await PutAsync(host, new InstanceAddress(DistributionWorld.Org, "chemistry", "master"), "also-shared.txt", shared);
        var before = host.ContentUsage("blobs");

        await host.RunAsync(s => s.GetRequiredService<SpaceService>().DeleteAsync(host.Admin, DistributionWorld.Org, DistributionWorld.Space, CancellationToken.None));
        var run = await CollectAsync(host);

        Assert.Equal(MaintenanceStatus.Succeeded, run.Run.Status);
        Assert.True(run.Collection!.Purged);
        Assert.Equal(2, run.Collection.BlobsDeleted);
        Assert.Equal(50_000, before.Bytes - host.ContentUsage("blobs").Bytes);
        Assert.True(run.Collection.TreesDeleted >= 2, "the deleted course's folder objects go too");
        Assert.Equal(["also-shared.txt=" + shared], await FilesAsync(host, new InstanceAddress(DistributionWorld.Org, "chemistry", "master")));
        Assert.True(await CleanAsync(host), "an integrity check after the collection finds nothing missing");
    }

    /// <summary>The scope's end removes its intent, even though the scope's own services are gone by then.</summary>
    [Fact]
    public async Task AnIntentEndsWithItsScope()
    {
        await using var host = await CreateHostAsync();
        await host.RunAsync(async s => { await s.GetRequiredService<WriteIntent>().BeginAsync(CancellationToken.None); });
        var intents = await host.RunAsync(s => s.GetRequiredService<StrataDb>().WriteIntents.CountAsync());
        Assert.Equal(0, intents);
    }

    [Fact]
    public async Task ADryRunSaysWhatWouldGoAndMovesNothing()
    {
        await using var host = await CreateHostAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("a.txt", "first"));
        await world.WriteAsync("master", ("a.txt", "second"));
        var before = host.ContentUsage("blobs");

        var run = await CollectAsync(host, dryRun: true);

        Assert.Equal(MaintenanceStatus.Succeeded, run.Run.Status);
        Assert.Equal(1, run.Collection!.BlobsDeleted);
        Assert.True(run.Collection.TreesDeleted >= 1);
        Assert.True(run.Collection.BytesReclaimed > "first".Length);
        Assert.Equal(before, host.ContentUsage("blobs"));
        Assert.Equal(0, host.ContentUsage("trash").Files);
    }

    /// <summary>
    /// Item 1's test: an upload stored its blob and trees and pauses before its swap; a whole collection runs with grace 0
    /// meanwhile. Its content equals a file that had become garbage (so it found it stored and relied on it). The
    /// collection takes both, but cannot purge while the upload is in flight; the upload commits, the read puts back
    /// what it needs, and the next collection keeps it.
    /// </summary>
    [Fact]
    public async Task AChangePausedBetweenItsWritesAndItsSwapLosesNothingToACollectionWithNoGrace()
    {
        await using var host = await CreateHostAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("keep.txt", "kept"), ("old.txt", "reborn content"));
        await world.DeleteAsync("master", "old.txt"); // "reborn content" is garbage now
        host.Clock.Advance(TimeSpan.FromMinutes(15)); // past the clock skew allowed: the upload below cannot have read that root
        var paused = Pause(host, FaultPoints.TreesWritten);

        var upload = Task.Run(() => world.PutAsync("master", "lab/new.txt", "reborn content"));
        await paused.Reached;
        var first = await CollectAsync(host);
        paused.Resume();
        await upload;

        Assert.Equal(MaintenanceStatus.Succeeded, first.Run.Status);
        Assert.False(first.Collection!.Purged);
        Assert.True(first.Collection.BlobsTrashed >= 1, "the content the upload relies on was unreachable when the sweep ran");
        Assert.Equal(["keep.txt=kept", "lab/new.txt=reborn content"], await world.FilesAsync("master"));
        var second = await CollectAsync(host);
        Assert.True(second.Collection!.Purged);
        Assert.Equal(["keep.txt=kept", "lab/new.txt=reborn content"], await world.FilesAsync("master"));
        Assert.True(await CleanAsync(host));
    }

    /// <summary>A restore pauses after writing its trees, which reuse the snapshot's folders; the snapshot is deleted and collected meanwhile.</summary>
    [Fact]
    public async Task AFolderTakenFromASnapshotDeletedMeanwhileIsKept()
    {
        await using var host = await CreateHostAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("lab/a.txt", "from the snapshot"), ("lab/deep/b.txt", "also"));
        var snapshot = await world.SnapshotAsync("master");
        await world.DeleteAsync("master", "lab");
        var paused = Pause(host, FaultPoints.TreesWritten);

        var restore = Task.Run(() => host.RunAsync(s => s.GetRequiredService<RestoreService>().RestoreAsync(host.Admin, DistributionWorld.At("master"), snapshot.Id,
            new RestoreRequest(null, null), CancellationToken.None)));
        await paused.Reached;
        paused.Clear();
        await host.RunAsync(s => s.GetRequiredService<SnapshotService>().DeleteAsync(host.Admin, DistributionWorld.At("master"), snapshot.Id, CancellationToken.None));
        await CollectAsync(host);
        paused.Resume();
        await restore;
        await CollectAsync(host);

        Assert.Equal(["lab/a.txt=from the snapshot", "lab/deep/b.txt=also"], await world.FilesAsync("master"));
        Assert.True(await CleanAsync(host));
    }

    /// <summary>
    /// While a change is in flight, roots dropped shortly before it began are marked too (clocks may disagree); one whose
    /// objects an earlier collection took is no damage, and the collection goes on (the benchmark found this).
    /// </summary>
    [Fact]
    public async Task ARootDroppedBeforeAChangeInFlightWhoseObjectsAreGoneIsNoDamage()
    {
        await using var host = await CreateHostAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("a.txt", "first"));
        await world.WriteAsync("master", ("a.txt", "second")); // drops the root holding "first"
        await CollectAsync(host); // nothing in flight: the dropped root is not marked, and its objects go
        var paused = Pause(host, FaultPoints.TreesWritten);

        var upload = Task.Run(() => world.PutAsync("master", "b.txt", "third"));
        await paused.Reached;
        var run = await CollectAsync(host); // the dropped root is within the skew of the upload's start
        paused.Resume();
        await upload;

        Assert.Equal(MaintenanceStatus.Succeeded, run.Run.Status);
        Assert.Equal(["a.txt=second", "b.txt=third"], await world.FilesAsync("master"));
    }

    [Fact]
    public async Task AChangeThatOutlivesItsIntentIsRefusedAndChangesNothing()
    {
        await using var host = await CreateHostAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("a.txt", "one"));
        var paused = Pause(host, FaultPoints.TreesWritten);

        var upload = Task.Run(() => world.PutAsync("master", "b.txt", "two"));
        await paused.Reached;
        host.Clock.Advance(TimeSpan.FromHours(3)); // past the intent's lifetime (an hour by default)
        await CollectAsync(host);
        paused.Resume();

        var refused = await Assert.ThrowsAsync<StorageException>(() => upload);
        Assert.Equal(StorageException.Unavailable, refused.Code);
        Assert.Equal(["a.txt=one"], await world.FilesAsync("master"));
    }

    [Fact]
    public async Task TwoCollectionsNeverRunAtOnce()
    {
        await using var host = await CreateHostAsync();
        await DistributionWorld.CreateAsync(host);
        await host.RunAsync(async s =>
        {
            var maintenance = s.GetRequiredService<StorageMaintenance>();
            await maintenance.StartAsync(host.Admin, MaintenanceKind.Gc, dryRun: false, CancellationToken.None);
            await maintenance.StartAsync(host.Admin, MaintenanceKind.Gc, dryRun: false, CancellationToken.None);
        });
        // Another node holds the collector's lease: neither run may start here until it ends.
        await host.RunAsync(s => CollectorSchedule.TryTakeLeaseAsync(s.GetRequiredService<StrataDb>(), "node-a", host.Clock.GetUtcNow() + TimeSpan.FromMinutes(1),
            host.Clock.GetUtcNow(), CancellationToken.None));

        var whileHeld = await host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("node-b", CancellationToken.None));
        await host.RunAsync(s => CollectorSchedule.ReleaseLeaseAsync(s.GetRequiredService<StrataDb>(), "node-a", CancellationToken.None));
        var afterwards = await host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("node-b", CancellationToken.None));

        Assert.False(whileHeld);
        Assert.True(afterwards);
    }

    [Fact]
    public async Task TheScheduleQueuesOneCollectionEachInterval()
    {
        await using var host = await CreateHostAsync(NoGrace with { Interval = TimeSpan.FromHours(6) });
        async Task<int> QueuedAfterAsync(TimeSpan wait)
        {
            host.Clock.Advance(wait);
            await host.RunAsync(s => CollectorSchedule.QueueWhenDueAsync(s.GetRequiredService<StrataDb>(), TimeSpan.FromHours(6), host.Clock, CancellationToken.None));
            await host.RunAsync(s => CollectorSchedule.QueueWhenDueAsync(s.GetRequiredService<StrataDb>(), TimeSpan.FromHours(6), host.Clock, CancellationToken.None));
            return await host.RunAsync(s => s.GetRequiredService<StrataDb>().MaintenanceRuns.CountAsync(r => r.Kind == MaintenanceKind.Gc));
        }

        Assert.Equal(0, await QueuedAfterAsync(TimeSpan.Zero)); // a new installation: the first run is an interval away
        Assert.Equal(0, await QueuedAfterAsync(TimeSpan.FromHours(5)));
        Assert.Equal(1, await QueuedAfterAsync(TimeSpan.FromHours(2)));
        Assert.Equal(1, await QueuedAfterAsync(TimeSpan.FromHours(1)));
        Assert.Equal(2, await QueuedAfterAsync(TimeSpan.FromHours(6)));
    }

    internal static async Task<CoreHost> CreateHostAsync(CollectorOptions? options = null)
    {
        var host = await CoreHost.CreateAsync(services => services.Replace(ServiceDescriptor.Singleton(options ?? NoGrace)));
        host.Clock.SetUtcNow(DateTimeOffset.UtcNow.AddSeconds(1));
        return host;
    }

    /// <summary>Queues a collection and runs it as a worker would; the clock moves on a second first, so everything written so far is older than it.</summary>
    internal static async Task<MaintenanceView> CollectAsync(CoreHost host, bool dryRun = false)
    {
        host.Clock.SetUtcNow(Later(host.Clock.GetUtcNow()));
        var queued = await host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().StartAsync(host.Admin, MaintenanceKind.Gc, dryRun, CancellationToken.None));
        Assert.True(await host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("collector", CancellationToken.None)));
        var run = await host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().GetAsync(host.Admin, MaintenanceKind.Gc, queued.Run.Id, CancellationToken.None));
        Assert.True(run.Run.Status == MaintenanceStatus.Succeeded, run.Run.Error);
        return run;
    }

    private static DateTimeOffset Later(DateTimeOffset clock)
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        return now > clock ? now : clock.AddSeconds(1);
    }

    private static async Task<bool> CleanAsync(CoreHost host)
    {
        var queued = await host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().StartAsync(host.Admin, MaintenanceKind.Fsck, dryRun: false, CancellationToken.None));
        await host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("checker", CancellationToken.None));
        var run = await host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().GetAsync(host.Admin, MaintenanceKind.Fsck, queued.Run.Id, CancellationToken.None));
        return run.Run.Status == MaintenanceStatus.Succeeded && run.Findings.Missing.Count == 0 && run.Findings.Corrupt.Count == 0;
    }

    private static Task<FileWrite> PutAsync(CoreHost host, InstanceAddress at, string path, string text) => host.RunAsync(s =>
        s.GetRequiredService<FileService>().UploadAsync(host.Admin, at, "current", path, new MemoryStream(Encoding.UTF8.GetBytes(text)), null, null, CancellationToken.None));

    private static Task<IReadOnlyList<string>> FilesAsync(CoreHost host, InstanceAddress at) => DistributionWorld.FilesAsync(host, at);

    /// <summary>Holds the next state change that reaches <paramref name="point"/> until resumed.</summary>
    internal static Pause Pause(CoreHost host, string point) => new(host.Services.GetRequiredService<FaultPoints>(), point);
}

/// <summary>A state change held at one step: <see cref="Reached"/> completes when it gets there, <see cref="Resume"/> lets it go on.</summary>
internal sealed class Pause
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FaultPoints faults;

    public Pause(FaultPoints faults, string point)
    {
        this.faults = faults;
        var taken = 0;
        faults.Hook = async (at, ct) =>
        {
            if (at != point || Interlocked.Exchange(ref taken, 1) == 1)
                return;
            reached.TrySetResult();
            await resumed.Task.WaitAsync(ct);
        };
    }

    public Task Reached => reached.Task;

    /// <summary>Lets other changes pass the step while the held one waits.</summary>
    public void Clear() => faults.Hook = null;

    public void Resume()
    {
        faults.Hook = null;
        resumed.TrySetResult();
    }
}
