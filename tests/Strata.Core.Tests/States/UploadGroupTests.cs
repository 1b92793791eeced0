using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;
using Strata.Core.States;
using Strata.Core.Tests.Distributions;
using Strata.Storage;
using Strata.Storage.States;

namespace Strata.Core.Tests.States;

/// <summary>
/// Issue 19: uploads that arrive while another commits into the same state wait and then commit together, in one
/// rewrite and one swap, each answered once that swap has committed; one that cannot join its group fails alone.
/// </summary>
public sealed class UploadGroupTests
{
    [Fact]
    public async Task UploadsArrivingWhileOneCommitsShareTheNextRewriteAndSwap()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("lab/a.py", "a1"));
        var before = await VersionAsync(host);

        var (first, rest) = await WhileTheFirstCommitWaitsAsync(host, "lab/first.py", [.. Enumerable.Range(1, 6).Select(i => $"lab/f{i}.py")]);

        Assert.Equal(before + 1, (await first).Version);
        var answers = await Task.WhenAll(rest);
        Assert.All(answers, a => Assert.Equal(before + 2, a.Version));
        Assert.All(answers, a => Assert.True(a.Created));
        Assert.Equal(before + 2, await VersionAsync(host));
        Assert.Equal(["lab/a.py=a1", "lab/f1.py=lab/f1.py", "lab/f2.py=lab/f2.py", "lab/f3.py=lab/f3.py", "lab/f4.py=lab/f4.py",
            "lab/f5.py=lab/f5.py", "lab/f6.py=lab/f6.py", "lab/first.py=lab/first.py"], await world.FilesAsync("master"));
    }

    [Fact]
    public async Task AnUploadThatCannotJoinItsGroupFailsAloneAndTheOthersLand()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("lab/a.py", "a1"));

        // "lab/d" as a file, then "lab/d/x.py" under it: each was possible when it was sent, not both together.
        var (first, rest) = await WhileTheFirstCommitWaitsAsync(host, "lab/first.py", ["lab/d", "lab/d/x.py", "lab/e.py"]);

        await first;
        await rest[0];
        var refused = await Assert.ThrowsAsync<StorageException>(() => rest[1]);
        Assert.Equal(StorageException.NotAFolder, refused.Code);
        await rest[2];
        Assert.Equal(["lab/a.py=a1", "lab/d=lab/d", "lab/e.py=lab/e.py", "lab/first.py=lab/first.py"], await world.FilesAsync("master"));
    }

    [Fact]
    public async Task TheGroupsCommitConfirmsTheWriteIntentOfEveryUploadInIt()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("lab/a.py", "a1"));

        var (first, rest) = await WhileTheFirstCommitWaitsAsync(host, "lab/first.py", ["lab/b.py", "lab/c.py"], async () =>
        {
            // Storage maintenance abandons the waiting uploads' intents (as it does an expired one); the first keeps its own.
            await host.RunAsync(async s =>
            {
                var db = s.GetRequiredService<StrataDb>();
                var oldest = await db.WriteIntents.OrderBy(i => i.Id).Select(i => i.Id).FirstAsync();
                await db.WriteIntents.Where(i => i.Id != oldest).ExecuteDeleteAsync();
            });
        });

        await first;
        foreach (var upload in rest)
            Assert.Equal(StorageException.Unavailable, (await Assert.ThrowsAsync<StorageException>(() => upload)).Code);
        Assert.Equal(["lab/a.py=a1", "lab/first.py=lab/first.py"], await world.FilesAsync("master"));
    }

    /// <summary>
    /// Starts an upload and holds its commit once its trees are written; sends the others (each a request of its own,
    /// its content its own path) and lets the first go on once all of them wait, in the order given.
    /// </summary>
    private static async Task<(Task<FileWrite> First, Task<FileWrite>[] Others)> WhileTheFirstCommitWaitsAsync(CoreHost host, string first, string[] rest,
        Func<Task>? meanwhile = null)
    {
        var faults = host.Services.GetRequiredService<FaultPoints>();
        var groups = host.Services.GetRequiredService<UploadGroups>();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var once = 0;
        faults.Hook = async (point, _) =>
        {
            if (point == FaultPoints.TreesWritten && Interlocked.Exchange(ref once, 1) == 0)
            {
                held.SetResult();
                await release.Task;
            }
        };
        try
        {
            var firstUpload = UploadAsync(host, first);
            await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var others = new List<Task<FileWrite>>();
            foreach (var path in rest)
            {
                others.Add(UploadAsync(host, path));
                while (groups.Waiting < others.Count)
                    await Task.Delay(5);
            }
            if (meanwhile is not null)
                await meanwhile();
            release.SetResult();
            await firstUpload;
            return (firstUpload, [.. others]);
        }
        finally
        {
            release.TrySetResult();
            faults.Hook = null;
        }
    }

    private static Task<FileWrite> UploadAsync(CoreHost host, string path) => Task.Run(() => host.RunAsync(s =>
        s.GetRequiredService<FileService>().UploadAsync(host.Admin, DistributionWorld.At("master"), "current", path,
            new MemoryStream(Encoding.UTF8.GetBytes(path)), null, null, CancellationToken.None)));

    private static Task<long> VersionAsync(CoreHost host) => host.RunAsync(async s =>
    {
        var instance = await host.InstanceAsync(DistributionWorld.At("master"));
        return (await s.GetRequiredService<IStateRefStore>().GetAsync(StateRefRow.CurrentOf(instance.Id), CancellationToken.None))!.Value.Version;
    });
}
