using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;

namespace Strata.Server.Tests.Pages;

/// <summary>SPEC §8: browser sessions live on the server, so signing out ends them wherever their cookie is.</summary>
public sealed partial class SessionTests
{
    [Fact]
    public async Task SessionOfADeletedAccountGoesBackToSignIn()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        using var signedIn = await browser.SignInAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StrataDb>().Users.ExecuteDeleteAsync();

        using var response = await browser.Client.GetAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACookieReplayedAfterSignOutIsRefused()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        using var signIn = await browser.SignInAsync();
        var cookie = SessionCookie(signIn);

        using var signOut = await browser.SubmitAsync("/account", new Dictionary<string, string>(), action: "/signout");
        using var replayed = await WithCookieAsync(app, cookie, "/api/v1/me");
        using var replayedPage = await WithCookieAsync(app, cookie, "/account");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await Problem.AssertAsync(replayed, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(HttpStatusCode.Redirect, replayedPage.StatusCode);
        Assert.StartsWith("/signin", replayedPage.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTopBarSignOutFormCarriesItsAntiforgeryTokenAndSignsOut()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        using var signIn = await browser.SignInAsync();
        var cookie = SessionCookie(signIn);
        var page = await browser.GetPageAsync("/account");
        var topBar = TopBarSignOut().Match(page);
        Assert.True(topBar.Success, "The top bar has no sign-out form.");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Browser.FormToken(topBar.Value) });
        using var signOut = await browser.Client.PostAsync(topBar.Groups[1].Value, form);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/signin", signOut.Headers.Location?.OriginalString);
        using var replayed = await WithCookieAsync(app, cookie, "/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    [Fact]
    public async Task TheAccountPageListsSessionsAndSignsOutAnotherBrowser()
    {
        await using var app = new StrataApp();
        using var laptop = new Browser(app.CreateBrowser());
        using var phone = new Browser(app.CreateBrowser());
        laptop.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        phone.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36");
        (await laptop.SignInAsync()).Dispose();
        (await phone.SignInAsync()).Dispose();

        var page = await laptop.GetPageAsync("/account");
        var sessions = EndSessionForm().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["label"].Value), m => m.Groups["id"].Value);
        Assert.Equal(2, sessions.Count);
        var phoneSession = Assert.Single(sessions, s => s.Key.Contains("Chrome on Android", StringComparison.Ordinal)).Value;
        Assert.Single(sessions, s => s.Key.Contains("Firefox on Linux (this browser)", StringComparison.Ordinal));

        using var ended = await laptop.SubmitAsync("/account", new Dictionary<string, string>(), action: $"/account?handler=EndSession&id={phoneSession}");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.Client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Single(EndSessionForm().Matches(await laptop.GetPageAsync("/account")));
    }

    [Fact]
    public async Task SigningOutThisBrowserOnTheAccountPageSignsItOut()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        using var signIn = await browser.SignInAsync();
        var cookie = SessionCookie(signIn);
        var mine = Assert.Single(EndSessionForm().Matches(await browser.GetPageAsync("/account"))).Groups["id"].Value;

        using var ended = await browser.SubmitAsync("/account", new Dictionary<string, string>(), action: $"/account?handler=EndSession&id={mine}");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal("/signin", ended.Headers.Location?.OriginalString);
        using var replayed = await WithCookieAsync(app, cookie, "/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    [Fact]
    public async Task NobodyEndsAnotherAccountsSession()
    {
        await using var app = new StrataApp();
        await Auth.SignInLimitTests.CreateAnnAsync(app);
        using var admin = new Browser(app.CreateBrowser());
        using var ann = new Browser(app.CreateBrowser());
        (await admin.SignInAsync()).Dispose();
        (await ann.SignInAsync("ann@uni.edu", Auth.SignInLimitTests.AnnPassword)).Dispose();
        var adminSession = Assert.Single(EndSessionForm().Matches(await admin.GetPageAsync("/account"))).Groups["id"].Value;

        using var attempt = await ann.SubmitAsync("/account", new Dictionary<string, string>(), action: $"/account?handler=EndSession&id={adminSession}");

        Assert.Equal(HttpStatusCode.NotFound, attempt.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task ANewPasswordEndsEverySessionRowOfTheAccount()
    {
        await using var app = new StrataApp();
        await using var server = Auth.PasswordResetApiTests.FastMail(app);
        using var first = new Browser(server.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        using var second = new Browser(server.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        (await first.SignInAsync()).Dispose();
        (await second.SignInAsync()).Dispose();
        using var client = server.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/auth/password-reset", new { email = StrataApp.AdminEmail })).EnsureSuccessStatusCode();
        var token = await Mailbox.ResetTokenAsync(app, StrataApp.AdminEmail);

        (await client.PostAsJsonAsync($"/api/v1/auth/password-reset/{token}", new { password = "a brand new password" })).EnsureSuccessStatusCode();

        await using var scope = server.Services.CreateAsyncScope();
        var sessions = await scope.ServiceProvider.GetRequiredService<StrataDb>().UserSessions.ToListAsync();
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.NotNull(s.EndedAt));
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.Client.GetAsync("/api/v1/me")).StatusCode);
    }

    private static string SessionCookie(HttpResponseMessage signIn) =>
        signIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("strata_session=", StringComparison.Ordinal)).Split(';')[0];

    /// <summary>A copy of the cookie sent from elsewhere, as someone who took it from the browser would.</summary>
    private static async Task<HttpResponseMessage> WithCookieAsync(StrataApp app, string cookie, string path)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("""<header class="topbar">.*?<form[^>]*\saction="(/signout)"[^>]*>.*?</form>""", RegexOptions.Singleline)]
    private static partial Regex TopBarSignOut();

    [GeneratedRegex(""""action="/account\?[^"]*\bid=(?<id>[0-9a-f-]{36})[^"]*"[^>]*>\s*<button[^>]*aria-label="(?<label>Sign out the session[^"]*)"""")]
    private static partial Regex EndSessionForm();
}
