using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Maintenance;

namespace Strata.Core.Tests.Maintenance;

/// <summary>
/// Maintenance runs are jobs like distributions: exactly one worker claims a queued run, a run whose worker died is
/// taken over once its lease runs out (and not before), and only platform administrators may start or read them.
/// </summary>
public sealed class MaintenanceRunnerTests
{
    [Fact]
    public async Task TwoWorkersRacingForOneRunClaimItOnce()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();
        var queued = await host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().StartAsync(host.Admin, MaintenanceKind.Fsck, dryRun: false, CancellationToken.None));

        var ran = await Task.WhenAll(
            host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("worker-a", CancellationToken.None)),
            host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("worker-b", CancellationToken.None)));
        var run = await GetAsync(host, queued.Run.Id);

        Assert.Single(ran, claimed => claimed);
        Assert.Equal(MaintenanceStatus.Succeeded, run.Run.Status);
        Assert.True(run.Findings.Missing.Count == 0 && run.Findings.Corrupt.Count == 0);
    }

    [Fact]
    public async Task ARunWhoseWorkerDiedIsTakenOverOnlyAfterItsLease()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();
        var queued = await host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().StartAsync(host.Admin, MaintenanceKind.Fsck, dryRun: false, CancellationToken.None));
        // Worker A claimed it and died: the run stays "running" under A's lease.
        await host.RunAsync(async s =>
        {
            var db = s.GetRequiredService<StrataDb>();
            var until = host.Clock.GetUtcNow() + TimeSpan.FromSeconds(30);
            await db.MaintenanceRuns.Where(r => r.Id == queued.Run.Id).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, MaintenanceStatus.Running).SetProperty(r => r.LeaseOwner, "worker-a").SetProperty(r => r.LeasedUntil, until));
        });

        var whileLeased = await host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("worker-b", CancellationToken.None));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var afterLease = await host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("worker-b", CancellationToken.None));
        var run = await GetAsync(host, queued.Run.Id);

        Assert.False(whileLeased);
        Assert.True(afterLease);
        Assert.Equal(MaintenanceStatus.Succeeded, run.Run.Status);
        Assert.Null(run.Run.LeaseOwner);
    }

    [Fact]
    public async Task OnlyPlatformAdministratorsStartOrReadRuns()
    {
        await using var host = await CoreHost.CreateAsync();
        var someone = host.Admin with { IsPlatformAdmin = false };

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().StartAsync(someone, MaintenanceKind.Fsck, dryRun: false, CancellationToken.None)));
        var unread = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().ListAsync(someone, MaintenanceKind.Fsck, 10, CancellationToken.None)));

        Assert.Equal((ErrorCodes.Forbidden, ErrorCodes.Forbidden), (refused.Code, unread.Code));
        Assert.Equal(0, await host.RunAsync(s => s.GetRequiredService<StrataDb>().MaintenanceRuns.CountAsync()));
    }

    private static Task<MaintenanceView> GetAsync(CoreHost host, Guid id) =>
        host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().GetAsync(host.Admin, MaintenanceKind.Fsck, id, CancellationToken.None));
}
