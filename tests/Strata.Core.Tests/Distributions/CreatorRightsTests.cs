using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.States;

namespace Strata.Core.Tests.Distributions;

/// <summary>A job acts for its creator: one who lost the right to distribute (or their account) before it ran changes nothing.</summary>
public sealed class CreatorRightsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AJobWhoseCreatorLostTheRightFailsWithAClearReasonAndChangesNothing(bool disabled)
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("sheet.md", "s"));
        var snapshot = (await world.SnapshotAsync("master")).Id.ToString();
        var ann = await world.AddInstanceAsync("ann");
        var bob = await world.AddInstanceAsync("bob");
        var teacher = await host.RunAsync(s => s.GetRequiredService<AccountService>().CreateUserAsync("teach@uni.edu", "Teach", "teach password", true, CancellationToken.None));
        var queued = await host.RunAsync(s => s.GetRequiredService<DistributionService>().CreateAsync(new Actor(teacher.Id, teacher.Email, true), DistributionWorld.Org, DistributionWorld.Space,
            new CreateDistribution(new ContentSource("master", snapshot, null), new DistributionTargets([ann, bob])), CancellationToken.None));
        await host.RunAsync(async s =>
        {
            var user = await s.GetRequiredService<StrataDb>().Users.SingleAsync(u => u.Id == teacher.Id);
            if (disabled)
                user.DisabledAt = DateTimeOffset.UtcNow;
            else
                user.IsPlatformAdmin = false;
            await s.GetRequiredService<StrataDb>().SaveChangesAsync();
        });

        await world.RunAsync();

        var result = await world.GetAsync(queued.Id);
        Assert.Equal(DistributionStatus.Failed, result.Status);
        Assert.All(result.Targets, t => Assert.Contains(disabled ? "no longer has an active account" : "is no longer allowed", t.Error, StringComparison.Ordinal));
        Assert.Empty(await world.FilesAsync(ann));
        Assert.Equal(0, await world.AutoSnapshotCountAsync(ann));
    }
}
