using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;

namespace Strata.Core.Tests.Access;

/// <summary>One request resolves a space once, and sees a change of grants it made itself.</summary>
public sealed class AccessResolverTests
{
    [Fact]
    public async Task ARequestResolvesEachSpaceOnceAndEveryServiceInItDecidesOnTheSameGrants()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();

        var (first, second, otherActor) = await host.RunAsync(async s =>
        {
            var access = s.GetRequiredService<AccessResolver>();
            var ann = await s.GetRequiredService<AccountService>().CreateUserAsync("ann@uni.edu", "Ann", "ann password", false, CancellationToken.None);
            var first = await access.SpaceAsync(host.Admin, "uni", "physics", CancellationToken.None);
            var second = await access.InstanceAsync(host.Admin, "uni", "physics", "master", CancellationToken.None);
            var other = await Record.ExceptionAsync(() => access.SpaceAsync(new Actor(ann.Id, ann.Email, false), "uni", "physics", CancellationToken.None));
            return (first, second.SpaceScope, other);
        });

        Assert.Same(first, second);
        Assert.NotNull(otherActor);   // each caller resolves for themselves: Ann holds nothing here
    }

    [Fact]
    public async Task AGrantSavedInTheRequestIsSeenByTheNextResolveInIt()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();
        var ann = await host.RunAsync(s => s.GetRequiredService<AccountService>().CreateUserAsync("ann@uni.edu", "Ann", "ann password", false, CancellationToken.None));
        var actor = new Actor(ann.Id, ann.Email, false);

        var (before, after) = await host.RunAsync(async s =>
        {
            var access = s.GetRequiredService<AccessResolver>();
            var db = s.GetRequiredService<StrataDb>();
            var scope = await access.SpaceAsync(host.Admin, "uni", "physics", CancellationToken.None);
            var before = await access.OrgRoleAsync(actor, scope.Org.Id, CancellationToken.None);
            db.SpaceAdmins.Add(new SpaceAdmin { SpaceId = scope.Space.Id, UserId = ann.Id });
            await db.SaveChangesAsync();
            return (before, (await access.SpaceAsync(actor, "uni", "physics", CancellationToken.None)).Grants.SpaceAdmin);
        });

        Assert.Null(before);
        Assert.True(after);
    }
}
