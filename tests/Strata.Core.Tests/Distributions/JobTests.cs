using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.Errors;

namespace Strata.Core.Tests.Distributions;

/// <summary>Distributions as durable jobs: restart, cancel, failures, all, recall, and the cost model.</summary>
public sealed class JobTests
{
    private static async Task<(DistributionWorld World, string Snapshot, string[] Targets)> PrepareAsync(CoreHost host, int targets)
    {
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("readme.md", "v1"), ("lab/a.py", "a1"));
        var snapshot = (await world.SnapshotAsync("master")).Id.ToString();
        var slugs = new List<string>();
        for (var i = 1; i <= targets; i++)
            slugs.Add(await world.AddInstanceAsync($"Student {i}"));
        return (world, snapshot, [.. slugs]);
    }

    [Fact]
    public async Task AWorkerThatDiesMidJobIsReplacedAfterItsLeaseAndEveryTargetIsDoneExactlyOnce()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 5);
        var queued = await world.QueueAsync("master", snapshot, targets);

        await world.RunAsync("worker-a", maxTargets: 2);   // ...and worker A is never heard of again.
        var halfway = await world.GetAsync(queued.Id);
        await world.RunAsync("worker-b");
        var whileLeased = await world.GetAsync(queued.Id);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await world.RunAsync("worker-b");
        var done = await world.GetAsync(queued.Id);

        Assert.Equal((DistributionStatus.Running, 2), (halfway.Status, halfway.Progress.Done));
        Assert.Equal(2, whileLeased.Progress.Done);
        Assert.Equal((DistributionStatus.Succeeded, 5, 5), (done.Status, done.Progress.Done, done.Progress.Total));
        foreach (var target in targets)
        {
            Assert.Equal(["lab/a.py=a1", "readme.md=v1"], await world.FilesAsync(target));
            Assert.Equal(1, await world.AutoSnapshotCountAsync(target));
        }
        Assert.All(done.Targets, t => Assert.Equal((TargetStatus.Succeeded, 2L), (t.Status, t.Added)));
    }

    [Fact]
    public async Task AWorkerKeepsItsLeaseWhileOneSlowTargetRunsSoNoOtherWorkerTakesTheJobOver()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 2);
        var queued = await world.QueueAsync("master", snapshot, targets);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var faults = host.Services.GetRequiredService<Strata.Storage.States.FaultPoints>();
        faults.Hook = async (point, _) =>
        {
            if (point != Strata.Storage.States.FaultPoints.TreesWritten || reached.Task.IsCompleted)
                return;
            reached.SetResult();
            await release.Task;   // the first target's trees take "three minutes" to write
        };

        var slow = Task.Run(() => world.RunAsync("worker-a"));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Three leases' worth of time in steps of a third of a lease: the keeper renews at each step.
        var lease = host.Services.GetRequiredService<DistributionOptions>().Lease;
        for (var step = 1; step <= 9; step++)
        {
            host.Clock.Advance(lease / 3);
            await LeaseRenewedAsync(host, queued.Id, host.Clock.GetUtcNow() + lease * 2 / 3);
        }
        var takenOver = await host.RunAsync(s => s.GetRequiredService<DistributionRunner>().RunNextAsync("worker-b", int.MaxValue, CancellationToken.None));
        release.SetResult();
        await slow.WaitAsync(TimeSpan.FromSeconds(30));
        faults.Hook = null;
        var done = await world.GetAsync(queued.Id);

        Assert.False(takenOver);
        Assert.Equal((DistributionStatus.Succeeded, 2), (done.Status, done.Progress.Done));
        foreach (var target in targets)
            Assert.Equal(1, await world.AutoSnapshotCountAsync(target));
    }

    /// <summary>Waits (bounded) for the background renewal that the clock's last step is due to trigger.</summary>
    private static async Task LeaseRenewedAsync(CoreHost host, Guid id, DateTimeOffset atLeast)
    {
        // Bounded generously: under a loaded suite (the PostgreSQL pass) the renewal's thread may wait seconds for the pool.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            var until = await host.RunAsync(s => s.GetRequiredService<StrataDb>().Distributions.AsNoTracking()
                .Where(d => d.Id == id).Select(d => d.LeasedUntil).SingleAsync());
            if (until >= atLeast)
                return;
            await Task.Delay(10);
        }
        Assert.Fail($"The lease was not renewed past {atLeast:O}.");
    }

    [Fact]
    public async Task TwoWorkersRacingForOneJobNeverBothRunIt()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 4);
        var queued = await world.QueueAsync("master", snapshot, targets);

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(() =>
            host.RunAsync(s => s.GetRequiredService<DistributionRunner>().RunNextAsync($"worker-{n}", int.MaxValue, CancellationToken.None)))));

        Assert.Equal(1, claims.Count(claimed => claimed));
        var done = await world.GetAsync(queued.Id);
        Assert.Equal((DistributionStatus.Succeeded, 4), (done.Status, done.Progress.Done));
        foreach (var target in targets)
            Assert.Equal(1, await world.AutoSnapshotCountAsync(target));
    }

    [Fact]
    public async Task CancellingStopsBetweenTargets()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 3);
        var queued = await world.QueueAsync("master", snapshot, targets);

        await world.RunAsync("worker", maxTargets: 1);
        var cancelling = await host.RunAsync(s => s.GetRequiredService<DistributionService>().CancelAsync(host.Admin, "uni", "physics", queued.Id, CancellationToken.None));
        await world.RunAsync("worker");
        var done = await world.GetAsync(queued.Id);

        Assert.Equal(DistributionStatus.Running, cancelling.Status);
        Assert.Equal(DistributionStatus.Cancelled, done.Status);
        Assert.Equal([TargetStatus.Succeeded, TargetStatus.Cancelled, TargetStatus.Cancelled], done.Targets.Select(t => t.Status));
        Assert.Empty(await world.FilesAsync(targets[2]));
    }

    [Fact]
    public async Task ACancelledQueuedJobNeverRuns()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 2);
        var queued = await world.QueueAsync("master", snapshot, targets);

        var cancelled = await host.RunAsync(s => s.GetRequiredService<DistributionService>().CancelAsync(host.Admin, "uni", "physics", queued.Id, CancellationToken.None));
        await world.RunAsync();

        Assert.Equal(DistributionStatus.Cancelled, cancelled.Status);
        Assert.All(cancelled.Targets, t => Assert.Equal(TargetStatus.Cancelled, t.Status));
        Assert.Empty(await world.FilesAsync(targets[0]));
    }

    [Fact]
    public async Task AFailingTargetIsReportedAndLeftUntouchedWhileTheOthersGetTheContent()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 3);
        // A file named "lab" where the source has a folder: lab/a.py cannot go there.
        await world.PutAsync(targets[1], "lab", "a file, not a folder");

        var result = await world.DistributeAsync("master", snapshot, targets, "overwrite", ["lab/a.py"]);

        Assert.Equal(DistributionStatus.Partial, result.Status);
        Assert.Equal([TargetStatus.Succeeded, TargetStatus.Failed, TargetStatus.Succeeded], result.Targets.Select(t => t.Status));
        Assert.Contains("lab", result.Targets[1].Error, StringComparison.Ordinal);
        Assert.Equal(["lab=a file, not a folder"], await world.FilesAsync(targets[1]));
        Assert.Equal(0, await world.AutoSnapshotCountAsync(targets[1]));
        Assert.Equal(["lab/a.py=a1"], await world.FilesAsync(targets[2]));
        Assert.Equal(3, result.Progress.Done);
    }

    [Fact]
    public async Task AllMeansEveryRegularInstanceAndDistributedButNeverMaster()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 2);
        await world.PutAsync("master", "later.md", "not in the snapshot");

        var result = await world.DistributeAsync("master", snapshot, ["*"]);
        var late = await world.AddInstanceAsync("Late Student", new("distributed", "current"));

        Assert.Equal([.. targets, "distributed"], result.Targets.Select(t => t.Instance));
        Assert.Equal(["lab/a.py=a1", "readme.md=v1"], await world.FilesAsync("distributed"));
        Assert.Equal(["lab/a.py=a1", "later.md=not in the snapshot", "readme.md=v1"], await world.FilesAsync("master"));
        Assert.Equal(["lab/a.py=a1", "readme.md=v1"], await world.FilesAsync(late));
    }

    [Fact]
    public async Task DistributedAccumulatesEverythingDistributedToAll()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, week1, _) = await PrepareAsync(host, 1);
        await world.DistributeAsync("master", week1, ["*"]);
        await world.DeleteAsync("master", "readme.md");
        await world.PutAsync("master", "week2.md", "w2");
        var week2 = (await world.SnapshotAsync("master")).Id.ToString();

        await world.DistributeAsync("master", week2, ["*"], "overwrite", ["week2.md"]);

        Assert.Equal(["lab/a.py=a1", "readme.md=v1", "week2.md=w2"], await world.FilesAsync("distributed"));
    }

    [Fact]
    public async Task RecallRemovesUnchangedDeliveriesAndKeepsAndReportsEditedOnes()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 2);
        await world.PutAsync(targets[0], "mine.txt", "mine");
        var delivered = await world.DistributeAsync("master", snapshot, targets);
        await world.PutAsync(targets[0], "lab/a.py", "edited");

        var queued = await host.RunAsync(s => s.GetRequiredService<DistributionService>().RecallAsync(host.Admin, "uni", "physics", delivered.Id, CancellationToken.None));
        await world.RunAsync();
        var recall = await world.GetAsync(queued.Id);

        Assert.Equal(delivered.Id, recall.RecallOf);
        Assert.Equal(DistributionStatus.Succeeded, recall.Status);
        Assert.Equal(["lab/a.py=edited", "mine.txt=mine"], await world.FilesAsync(targets[0]));
        Assert.Empty(await world.FilesAsync(targets[1]));
        Assert.Equal((1L, 1L), (recall.Targets[0].Deleted, recall.Targets[0].Kept));
        Assert.Equal(["lab/a.py"], recall.Targets[0].Conflicts);
        Assert.Equal(2L, recall.Targets[1].Deleted);
        Assert.Equal(2, await world.AutoSnapshotCountAsync(targets[1]));
    }

    [Fact]
    public async Task DistributionWritesNoContentBytesAndOnlyAFewRowsPerTarget()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 4);
        var blobsBefore = host.ContentUsage("blobs");
        var rowsBefore = await host.RowCountsAsync();

        await world.DistributeAsync("master", snapshot, targets);

        Assert.Equal(blobsBefore, host.ContentUsage("blobs"));
        var rowsAfter = await host.RowCountsAsync();
        var added = rowsAfter.Where(r => r.Value != rowsBefore.GetValueOrDefault(r.Key)).ToDictionary(r => r.Key, r => r.Value - rowsBefore.GetValueOrDefault(r.Key));
        Assert.Equal(new Dictionary<string, long>
        {
            ["distributions"] = 1,
            ["distribution_targets"] = 4,
            ["snapshots"] = 4,
            ["state_refs"] = 4,
            ["audit_entries"] = 1,
        }, added);
    }

    [Fact]
    public async Task NotifyQueuesTheSendersMessageForTheTargetsEditors()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 2);

        await world.QueueAsync("master", snapshot, targets, notify: true, message: "Lab 2 is out: start with a.py.");
        await world.RunAsync();

        var mails = await host.RunAsync(s => s.GetRequiredService<StrataDb>().Outbox.AsNoTracking().ToListAsync());
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m =>
        {
            Assert.Equal("admin@example.org", m.To);
            Assert.Contains("Lab 2 is out: start with a.py.", m.TextBody, StringComparison.Ordinal);
            Assert.Contains("https://strata.test/orgs/uni/spaces/physics/instances/student_", m.TextBody, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("overwrite", "replaced by it. An automatic snapshot")]
    [InlineData("extra", "nothing of yours was changed")]
    [InlineData("mirror", "replaced or removed")]
    [InlineData("merge", "Files you changed were kept as they are")]
    public async Task TheEmailSaysWhatTheStrategyDidToTheStudentsFiles(string strategy, string says)
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 1);

        await world.QueueAsync("master", snapshot, targets, strategy, notify: true);
        await world.RunAsync();

        var mail = await host.RunAsync(s => s.GetRequiredService<StrataDb>().Outbox.AsNoTracking().SingleAsync());
        Assert.Contains(says, mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("never overwritten", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("added", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsThatCouldNotRunAreRefusedBeforeAJobExists()
    {
        await using var host = await CoreHost.CreateAsync();
        var (world, snapshot, targets) = await PrepareAsync(host, 2);

        var toMany = await Assert.ThrowsAsync<DomainException>(() => world.QueueAsync("master", "current", targets));
        var missingPath = await Assert.ThrowsAsync<DomainException>(() => world.QueueAsync("master", snapshot, targets, paths: ["nope.txt"]));
        var strategy = await Assert.ThrowsAsync<DomainException>(() => world.QueueAsync("master", snapshot, targets, strategy: "smash"));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => world.QueueAsync("master", snapshot, ["nobody"]));

        Assert.Equal(ErrorCodes.InvalidRequest, toMany.Code);
        Assert.Equal(ErrorCodes.NotFound, missingPath.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, strategy.Code);
        Assert.Equal(ErrorCodes.NotFound, unknown.Code);
        Assert.Equal(0, await host.RunAsync(s => s.GetRequiredService<StrataDb>().Distributions.CountAsync()));
    }
}
