using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;
using Strata.Core.Snapshots;
using Strata.Core.Tests.Distributions;
using Strata.Storage.States;

namespace Strata.Core.Tests.Faults;

/// <summary>
/// A restore "crashes" at every step of its state change: afterwards the state is entirely before or
/// entirely after, and whenever the restore happened its safety snapshot and audit entry exist.
/// </summary>
public sealed class RestoreCrashTests
{
    [Theory]
    [MemberData(nameof(Crash.Points), MemberType = typeof(Crash))]
    public async Task ARestoreIsWholeOrAbsentAndNeverWithoutItsSafetySnapshot(string point)
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("sheet.md", "week 1"));
        var week1 = await world.SnapshotAsync("master", "Week 1");
        await world.WriteAsync("master", ("sheet.md", "my edits"), ("notes.md", "n"));
        var crash = Crash.At(host, point);

        await Assert.ThrowsAsync<Crash>(() => host.RunAsync(s => s.GetRequiredService<RestoreService>()
            .RestoreAsync(host.Admin, DistributionWorld.At("master"), week1.Id, new RestoreRequest(), CancellationToken.None)));
        crash.Dispose();

        var files = await world.FilesAsync("master");
        var safety = await world.AutoSnapshotCountAsync("master");
        var audited = await host.RunAsync(s => s.GetRequiredService<StrataDb>().AuditEntries.CountAsync(e => e.Action == "snapshot.restored"));
        if (point == FaultPoints.Committed)
        {
            Assert.Equal(["sheet.md=week 1"], files);
            Assert.Equal((1, 1), (safety, audited));
            var kept = (await world.SnapshotsAsync("master")).Single(x => x.Type == SnapshotType.Auto);
            Assert.Equal(["notes.md=n", "sheet.md=my edits"], await world.FilesAsync("master", kept.Id.ToString()));
        }
        else
        {
            Assert.Equal(["notes.md=n", "sheet.md=my edits"], files);
            Assert.Equal((0, 0), (safety, audited));
        }
    }
}
