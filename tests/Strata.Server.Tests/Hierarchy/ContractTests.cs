using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;

namespace Strata.Server.Tests.Hierarchy;

/// <summary>API.md's contract for organisations, spaces, instances and invitations: statuses, codes, Locations.</summary>
public sealed partial class ContractTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    [Fact]
    public async Task OneBadAddressRejectsTheWholeRequestNamingEachAndCreatesNothing()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "separate", emails = "ann@uni.edu; not-an-email\nbob@@uni.edu" });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_email");
        Assert.Equal(["not-an-email", "bob@@uni.edu"], problem.GetProperty("invalidEmails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement[]>($"{Space}/instances"))!.Length);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Empty(scope.ServiceProvider.GetRequiredService<StrataDb>().Invitations);
    }

    [Fact]
    public async Task LocationPointsAtTheInstanceOrForSeparateAtTheSpace()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var single = await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Mine" });
        using var joint = await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "joint", name = "Group A", emails = new List<string> { "a@uni.edu", "b@uni.edu" } });
        using var separate = await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "separate", emails = "ann@uni.edu,ann@other.edu" });

        Assert.Equal($"{Space}/instances/mine", single.Headers.Location!.OriginalString);
        Assert.Equal($"{Space}/instances/group_a", joint.Headers.Location!.OriginalString);
        Assert.Equal(2, (await joint.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invitations").GetArrayLength());
        Assert.Equal(Space, separate.Headers.Location!.OriginalString);
        var created = (await separate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("slug").GetString());
        Assert.Equal(["ann", "ann_2"], created);
    }

    [Fact]
    public async Task NamesAreValidatedAndUniqueCaseInsensitively()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "  " }), HttpStatusCode.BadRequest, "invalid_name");
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = new string('x', 1024) }), HttpStatusCode.BadRequest, "invalid_name");
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = new string('x', 1023) })).EnsureSuccessStatusCode();
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "MASTER" }), HttpStatusCode.Conflict, "name_taken");
        await Problem.AssertAsync(await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "PHYSICS", type = "course" }), HttpStatusCode.Conflict, "name_taken");
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "sometimes" }), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task MasterAndDistributedAreProtectedAndDistributedTakesNoInvitations()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        await Problem.AssertAsync(await admin.PatchAsJsonAsync($"{Space}/instances/master", new { name = "Renamed" }), HttpStatusCode.Conflict, "protected_instance");
        await Problem.AssertAsync(await admin.DeleteAsync($"{Space}/instances/distributed"), HttpStatusCode.Conflict, "protected_instance");
        await Problem.AssertAsync(await admin.PostAsJsonAsync($"{Space}/instances/distributed/invitations", new { emails = "x@uni.edu", role = "viewer" }), HttpStatusCode.Conflict, "distributed_instance");
        (await admin.PatchAsJsonAsync($"{Space}/instances/master", new { currentStateDescription = "Week 2" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task InvitationLifecycleResendRevokeMismatchAndDuplicates()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = "Lab" })).EnsureSuccessStatusCode();
        var first = await InviteAsync(admin, "lab", "carl@uni.edu");
        var again = await InviteAsync(admin, "lab", "carl@uni.edu");
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>($"{Space}/invitations"))!);
        Assert.DoesNotContain("inv_", await admin.GetStringAsync($"{Space}/invitations"), StringComparison.Ordinal);

        var oldToken = await LatestTokenAsync(app, "carl@uni.edu", 2);
        (await admin.PostAsync($"/api/v1/invitations/{first.GetProperty("id").GetString()}/resend", null)).EnsureSuccessStatusCode();
        var newToken = await LatestTokenAsync(app, "carl@uni.edu", 3);
        using var anonymous = app.CreateClient();
        await Problem.AssertAsync(await anonymous.GetAsync($"/api/v1/invitations/{oldToken}"), HttpStatusCode.NotFound, "not_found");

        using var adminAccept = await admin.PostAsJsonAsync($"/api/v1/invitations/{newToken}/accept", new { });
        await Problem.AssertAsync(adminAccept, HttpStatusCode.Conflict, "email_mismatch");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/invitations/{first.GetProperty("id").GetString()}")).StatusCode);
        await Problem.AssertAsync(await anonymous.PostAsJsonAsync($"/api/v1/invitations/{newToken}/accept", new { name = "Carl", password = "carl password" }),
            HttpStatusCode.Gone, "invitation_closed");
        Assert.Equal("revoked", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/invitations/{newToken}")).GetProperty("status").GetString());
    }

    private static async Task<JsonElement> InviteAsync(HttpClient admin, string instance, string email)
    {
        using var response = await admin.PostAsJsonAsync($"{Space}/instances/{instance}/invitations", new { emails = email, role = "editor" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invitations")[0];
    }

    /// <summary>The token of the newest mail to this address, checking that exactly <paramref name="mails"/> were queued for it.</summary>
    private static async Task<string> LatestTokenAsync(StrataApp app, string email, int mails)
    {
        var tokens = await Mailbox.LinksAsync(app, email, Mailbox.InvitationLink());
        Assert.Equal(mails, tokens.Count);
        return tokens[^1];
    }

    private static async Task<HttpClient> SetUpAsync(StrataApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return admin;
    }
}
