using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Core.Tests.Distributions;
using Strata.Storage;
using Strata.Storage.Blobs;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Tests.Faults;

/// <summary>
/// Creating instances with content "crashes" at every step: afterwards there are no half-created
/// instances — either every instance exists with its content, invitations, mail and audit entries, or
/// none of them does.
/// </summary>
public sealed class InstanceCreationCrashTests
{
    [Theory]
    [MemberData(nameof(Crash.CreationPoints), MemberType = typeof(Crash))]
    public async Task InstancesWithContentAreCreatedWholeOrNotAtAll(string point)
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("sheet.md", "week 1"), ("lab/a.py", "a1"));
        var week1 = await world.SnapshotAsync("master", "Week 1");
        var crash = Crash.At(host, point);

        await Assert.ThrowsAsync<Crash>(() => host.RunAsync(s => s.GetRequiredService<InstanceService>().CreateAsync(host.Admin, DistributionWorld.Org, DistributionWorld.Space,
            new CreateInstances("separate", Emails: ["ann@uni.edu", "bob@uni.edu"], Content: new ContentSource("master", week1.Id.ToString())), CancellationToken.None)));
        crash.Dispose();

        var (instances, invitations, mail, audited) = await host.RunAsync(async s =>
        {
            var db = s.GetRequiredService<StrataDb>();
            return (await db.Instances.Where(i => i.Slug == "ann" || i.Slug == "bob").Select(i => i.Slug).OrderBy(x => x).ToListAsync(),
                await db.Invitations.CountAsync(), await db.Outbox.CountAsync(), await db.AuditEntries.CountAsync(e => e.Action == "instance.created"));
        });
        if (point == FaultPoints.Committed)
        {
            Assert.Equal(["ann", "bob"], instances);
            Assert.Equal((2, 2, 2), (invitations, mail, audited));
            foreach (var slug in instances)
            {
                Assert.Equal(["lab/a.py=a1", "sheet.md=week 1"], await world.FilesAsync(slug));
                await AllContentExistsAsync(host, slug);
            }
        }
        else
        {
            Assert.Empty(instances);
            Assert.Equal((0, 0, 0), (invitations, mail, audited));
        }
        Assert.Equal(["lab/a.py=a1", "sheet.md=week 1"], await world.FilesAsync("master"));
    }

    private static Task AllContentExistsAsync(CoreHost host, string slug) => host.RunAsync(async s =>
    {
        var (root, _) = await s.GetRequiredService<StateRoots>().RootOfAsync(await host.InstanceAsync(DistributionWorld.At(slug)), StateRoots.Current, CancellationToken.None);
        var blobs = new Dictionary<ContentId, long>();
        await Reachable.AddBlobsAsync(s.GetRequiredService<ITreeStore>(), root, blobs, [], CancellationToken.None);
        Assert.NotEmpty(blobs);
        foreach (var blob in blobs.Keys)
            await using (await s.GetRequiredService<IBlobStore>().OpenReadAsync(blob, CancellationToken.None)) { }
    });
}
