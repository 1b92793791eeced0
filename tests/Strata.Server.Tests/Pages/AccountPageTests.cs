using System.Net;
using System.Text.RegularExpressions;

namespace Strata.Server.Tests.Pages;

public sealed partial class AccountPageTests
{
    [Fact]
    public async Task CreatedTokenIsShownOnceAndWorksAsBearer()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        using var response = await browser.SubmitAsync("/account", new Dictionary<string, string> { ["TokenName"] = "laptop CLI" },
            action: "/account?handler=Create");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var token = NewToken().Match(html).Groups[1].Value;
        Assert.StartsWith("strata_pat_", token, StringComparison.Ordinal);
        Assert.Contains("laptop CLI", html, StringComparison.Ordinal);
        using var bearer = app.ClientWithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/me")).StatusCode);
        var later = await browser.GetPageAsync("/account");
        Assert.DoesNotContain(token, later, StringComparison.Ordinal);
        Assert.Contains("laptop CLI", later, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRevokedOnTheAccountPageStopsWorking()
    {
        await using var app = new StrataApp();
        var token = await app.CreateTokenAsync(name: "old script");
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        using var response = await browser.SubmitAsync("/account", new Dictionary<string, string>(),
            action: $"/account?handler=Revoke&id={token.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var bearer = app.ClientWithToken(token.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/me")).StatusCode);
        Assert.Contains("You have no tokens", await browser.GetPageAsync("/account"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountPageShowsWhoIsSignedIn()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        var html = await browser.GetPageAsync("/account");

        Assert.Contains(StrataApp.AdminEmail, html, StringComparison.Ordinal);
        Assert.Contains("Platform administrator", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountPageRedirectsToSignInWhenSignedOut()
    {
        await using var app = new StrataApp();
        using var client = app.CreateBrowser();

        using var response = await client.GetAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/signin", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex("""<code class="secret" id="new-token">([^<]+)</code>""")]
    private static partial Regex NewToken();
}
