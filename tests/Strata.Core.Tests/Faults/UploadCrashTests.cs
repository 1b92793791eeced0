using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.States;
using Strata.Core.Tests.Distributions;
using Strata.Storage;
using Strata.Storage.Blobs;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Tests.Faults;

/// <summary>An upload "crashes" at every step: the file is there whole or not at all, and every tree and blob the state references exists.</summary>
public sealed class UploadCrashTests
{
    [Theory]
    [MemberData(nameof(Crash.Points), MemberType = typeof(Crash))]
    public async Task AnUploadIsWholeOrAbsentAndItsStateIsComplete(string point)
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("lab/a.py", "a1"));
        var crash = Crash.At(host, point);

        await Assert.ThrowsAsync<Crash>(() => host.RunAsync(s => s.GetRequiredService<FileService>().UploadAsync(host.Admin, DistributionWorld.At("master"),
            "current", "lab/b.py", new MemoryStream(Encoding.UTF8.GetBytes("b1")), null, null, CancellationToken.None)));
        crash.Dispose();

        Assert.Equal(point == FaultPoints.Committed ? ["lab/a.py=a1", "lab/b.py=b1"] : ["lab/a.py=a1"], await world.FilesAsync("master"));
        await host.RunAsync(async s =>
        {
            var (root, _) = await s.GetRequiredService<StateRoots>().RootOfAsync(await host.InstanceAsync(DistributionWorld.At("master")), StateRoots.Current, CancellationToken.None);
            var blobs = new Dictionary<ContentId, long>();
            await Reachable.AddBlobsAsync(s.GetRequiredService<ITreeStore>(), root, blobs, [], CancellationToken.None);
            foreach (var blob in blobs.Keys)
                await using (await s.GetRequiredService<IBlobStore>().OpenReadAsync(blob, CancellationToken.None)) { }
        });
    }
}
