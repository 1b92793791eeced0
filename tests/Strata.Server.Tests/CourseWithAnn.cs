using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;

namespace Strata.Server.Tests;

/// <summary>Org "uni", course "physics", an instance "ann" with the account ann@uni.edu in a role on it.</summary>
internal static class CourseWithAnn
{
    public const string Space = "/api/v1/orgs/uni/spaces/physics";

    /// <summary>Makes the course through the administrator's client and returns Ann's.</summary>
    public static async Task<HttpClient> CreateAsync(StrataApp app, HttpClient admin, InstanceRole role = InstanceRole.Editor)
    {
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Ann" })).EnsureSuccessStatusCode();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("ann@uni.edu", "Ann", "ann's password", false, default);
            var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
            var instance = db.Instances.Single(i => i.Slug == "ann");
            db.InstanceMembers.Add(new InstanceMember { InstanceId = instance.Id, UserId = user.Id, Role = role });
            await db.SaveChangesAsync();
        }
        return app.ClientWithToken((await app.CreateTokenAsync("ann@uni.edu", "ann's password")).Token);
    }
}
