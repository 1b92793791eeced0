using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Strata.Server.Tests.Pages;

/// <summary>The page the email link opens: review, then create the account or sign in, and accept or decline.</summary>
public sealed partial class InvitationPageTests
{
    [Fact]
    public async Task NewcomerCreatesTheAccountFromTheLinkAndIsSignedIn()
    {
        await using var app = new StrataApp();
        var token = await InviteAsync(app, "ann@uni.edu");
        using var browser = new Browser(app.CreateBrowser());

        var page = await browser.GetPageAsync($"/invitations/{token}");
        Assert.Contains("editor of the instance ann in Physics (Uni)", page, StringComparison.Ordinal);
        Assert.Contains("Create account and accept", page, StringComparison.Ordinal);

        using var accepted = await browser.SubmitAsync($"/invitations/{token}",
            new Dictionary<string, string> { ["Name"] = "Ann Lee", ["Password"] = "ann password" }, $"/invitations/{token}?handler=Accept");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.True(Browser.SetsCookie(accepted, "strata_session"));
        Assert.Equal("/orgs/uni/spaces/physics/instances/ann", accepted.Headers.Location?.OriginalString);

        var dashboard = await browser.GetPageAsync("/?accepted=1");
        Assert.Contains("Welcome, Ann Lee", dashboard, StringComparison.Ordinal);
        Assert.Contains("Physics", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExistingAccountIsAskedToSignInAndAcceptsSignedIn()
    {
        await using var app = new StrataApp();
        var token = await InviteAsync(app, StrataApp.AdminEmail);
        using var browser = new Browser(app.CreateBrowser());

        var page = await browser.GetPageAsync($"/invitations/{token}");
        Assert.Contains($"Sign in as {StrataApp.AdminEmail}", page, StringComparison.Ordinal);

        using var signedIn = await browser.SignInAsync();
        var again = await browser.GetPageAsync($"/invitations/{token}");
        Assert.Contains(">Accept<", again, StringComparison.Ordinal);
        using var accepted = await browser.SubmitAsync($"/invitations/{token}", new Dictionary<string, string>(), $"/invitations/{token}?handler=Accept");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        using var api = app.CreateClient();
        var review = await api.GetFromJsonAsync<Review>($"/api/v1/invitations/{token}");
        Assert.Equal("accepted", review!.Status);
    }

    [Fact]
    public async Task DeclineClosesTheInvitation()
    {
        await using var app = new StrataApp();
        var token = await InviteAsync(app, "bob@uni.edu");
        using var browser = new Browser(app.CreateBrowser());

        using var declined = await browser.SubmitAsync($"/invitations/{token}", new Dictionary<string, string>(), $"/invitations/{token}?handler=Decline");
        var html = await declined.Content.ReadAsStringAsync();

        Assert.Contains("You declined the invitation", html, StringComparison.Ordinal);
        Assert.Contains("This invitation is declined", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownLinkSaysSoWithoutAnError500()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());

        var html = await browser.GetPageAsync("/invitations/inv_nonsense");

        Assert.Contains("This invitation link is not valid", html, StringComparison.Ordinal);
    }

    /// <summary>Creates org "uni", space "Physics" and one separate instance for the email; returns the link's token from the mail.</summary>
    private static async Task<string> InviteAsync(StrataApp app, string email)
    {
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "separate", emails = email })).EnsureSuccessStatusCode();
        return await Mailbox.InvitationTokenAsync(app, email);
    }

    private sealed record Review(string Status);
}
