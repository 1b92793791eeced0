using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;

namespace Strata.Server.Tests.Nodes;

/// <summary>
/// Issue 19: each node remembers tokens and space scopes between requests; a role changed or removed, an account
/// disabled or a token revoked on one node is seen by the very next request on another. Two servers over one database
/// (one SQLite file in the embedded pass, one PostgreSQL database in the other).
/// </summary>
public sealed class AccessCacheNodesTests
{
    private const string Ann = $"{CourseWithAnn.Space}/instances/ann";

    [Fact]
    public async Task ARoleChangedOrRemovedOnOneNodeHoldsOnAnotherAtTheNextRequest()
    {
        await using var one = new StrataApp();
        await using var two = new StrataApp(database: one.ConnectionString);
        using var admin = await one.AdminClientAsync();
        using var annOnOne = await CourseWithAnn.CreateAsync(one, admin);
        using var annOnTwo = two.ClientWithToken((await two.CreateTokenAsync("ann@uni.edu", "ann's password")).Token);
        var annId = await UserIdAsync(one, "ann@uni.edu");

        Assert.Equal("editor", await MyRoleAsync(annOnTwo));
        Assert.Equal("editor", await MyRoleAsync(annOnTwo));   // the second answer comes from what node two remembers

        (await admin.PutAsJsonAsync($"{Ann}/members/{annId}", new { role = "viewer" })).EnsureSuccessStatusCode();
        Assert.Equal("viewer", await MyRoleAsync(annOnTwo));

        (await admin.DeleteAsync($"{Ann}/members/{annId}")).EnsureSuccessStatusCode();
        using (var gone = await annOnTwo.GetAsync(Ann))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task AnAccountDisabledOrATokenRevokedOnOneNodeIsRefusedByAnotherAtTheNextRequest()
    {
        await using var one = new StrataApp();
        await using var two = new StrataApp(database: one.ConnectionString);
        using var admin = await one.AdminClientAsync();
        using var annOnOne = await CourseWithAnn.CreateAsync(one, admin);
        var token = await two.CreateTokenAsync("ann@uni.edu", "ann's password");
        using var annOnTwo = two.ClientWithToken(token.Token);
        var annId = await UserIdAsync(one, "ann@uni.edu");
        Assert.Equal("editor", await MyRoleAsync(annOnTwo));

        (await admin.PatchAsJsonAsync($"/api/v1/admin/users/{annId}", new { disabled = true })).EnsureSuccessStatusCode();
        using (var disabled = await annOnTwo.GetAsync(Ann))
            Assert.Equal(HttpStatusCode.Forbidden, disabled.StatusCode);

        (await admin.PatchAsJsonAsync($"/api/v1/admin/users/{annId}", new { disabled = false })).EnsureSuccessStatusCode();
        Assert.Equal("editor", await MyRoleAsync(annOnTwo));
        (await annOnOne.DeleteAsync($"/api/v1/auth/tokens/{token.Id}")).EnsureSuccessStatusCode();
        using (var revoked = await annOnTwo.GetAsync(Ann))
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    private static async Task<string?> MyRoleAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Ann);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("myRole").GetString();
    }

    private static async Task<Guid> UserIdAsync(StrataApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
        return db.Users.Single(u => u.EmailNormalized == email).Id;
    }
}
