using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Strata.Server.Tests.Security;

/// <summary>API.md STRATA_TRUSTED_PROXIES: X-Forwarded-For and -Proto are believed only from the listed addresses.</summary>
public sealed class TrustedProxiesTests
{
    private const string Proxy = "10.1.2.3";

    [Fact]
    public async Task FromATrustedProxySignInLimitsCountTheForwardedClientAddress()
    {
        await using var app = new StrataApp();
        await using var server = Behind(app, peer: Proxy, trusted: "10.0.0.0/8");
        using var client = server.CreateClient();

        // Three failures for the account from one client make that client's address over its limit of 3.
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, "203.0.113.7", "guess " + i)).StatusCode);
        using var sameClient = await TokenAsync(client, "203.0.113.7", StrataApp.AdminPassword);
        using var otherClient = await TokenAsync(client, "198.51.100.9", StrataApp.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherClient.StatusCode);
    }

    [Fact]
    public async Task FromAnyoneElseTheForwardedAddressIsIgnored()
    {
        await using var app = new StrataApp();
        await using var server = Behind(app, peer: "192.0.2.50", trusted: "10.0.0.0/8, 10.9.9.9");
        using var client = server.CreateClient();

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, "203.0.113.7", "guess " + i)).StatusCode);
        // A guesser cannot shed its address by claiming another one.
        using var claimedOther = await TokenAsync(client, "198.51.100.9", StrataApp.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, claimedOther.StatusCode);
    }

    [Fact]
    public async Task WithNoTrustedProxiesEvenLoopbackIsNotBelieved()
    {
        await using var app = new StrataApp();
        await using var server = Behind(app, peer: "127.0.0.1", trusted: null);
        using var browser = SignedInBrowser(server);

        var html = await SignInForwardedAsync(browser, "203.0.113.7", "https");

        Assert.Contains("<td>127.0.0.1</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.7", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromATrustedProxyTheSessionRecordsTheClientAndHttpsMakesTheCookieSecure()
    {
        await using var app = new StrataApp();
        await using var server = Behind(app, peer: "::ffff:10.1.2.3", trusted: "10.1.2.3");
        using var browser = SignedInBrowser(server);

        var signIn = await SignInForwardedCookieAsync(browser, "203.0.113.7", "https");

        Assert.Contains("; secure", signIn, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FromAnUntrustedPeerForwardedHttpsDoesNotMakeTheCookieSecure()
    {
        await using var app = new StrataApp();
        await using var server = Behind(app, peer: "10.1.2.4", trusted: "10.1.2.3");
        using var browser = SignedInBrowser(server);

        var signIn = await SignInForwardedCookieAsync(browser, "203.0.113.7", "https");

        Assert.DoesNotContain("; secure", signIn, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheAccountPageShowsTheForwardedAddressOfATrustedProxysClient()
    {
        await using var app = new StrataApp();
        await using var server = Behind(app, peer: Proxy, trusted: "10.0.0.0/8");
        using var browser = SignedInBrowser(server);

        var html = await SignInForwardedAsync(browser, "203.0.113.7", "http");

        Assert.Contains("<td>203.0.113.7</td>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("proxy.internal")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.1, nonsense")]
    public async Task ABadValueStopsStartUpNamingTheVariable(string value)
    {
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(builder => builder.UseSetting("STRATA_TRUSTED_PROXIES", value));

        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains("STRATA_TRUSTED_PROXIES must list IP addresses or CIDR ranges", error.ToString(), StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> Behind(StrataApp app, string peer, string? trusted) =>
        app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("STRATA_SIGNIN_ADDRESS_LIMIT", "3");
            if (trusted is not null)
                builder.UseSetting("STRATA_TRUSTED_PROXIES", trusted);
            PeerAddress.Use(builder, peer);
        });

    private static Browser SignedInBrowser(WebApplicationFactory<Program> server) =>
        new(server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string forwardedFor, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/tokens")
        {
            Content = JsonContent.Create(new { email = StrataApp.AdminEmail, password }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    /// <summary>Signs in through the page with forwarded headers; returns the session cookie's Set-Cookie line.</summary>
    private static async Task<string> SignInForwardedCookieAsync(Browser browser, string forwardedFor, string proto)
    {
        var (session, _) = await SignInAsync(browser, forwardedFor, proto);
        return session;
    }

    /// <summary>Signs in through the page with forwarded headers; returns the account page as that session sees it.</summary>
    private static async Task<string> SignInForwardedAsync(Browser browser, string forwardedFor, string proto)
    {
        var (session, _) = await SignInAsync(browser, forwardedFor, proto);
        using var account = new HttpRequestMessage(HttpMethod.Get, "/account");
        account.Headers.Add("Cookie", session.Split(';')[0]);
        using var response = await browser.Client.SendAsync(account);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    // Cookies by hand: the client's cookie jar would not send a Secure cookie back over http.
    private static async Task<(string Session, string Antiforgery)> SignInAsync(Browser browser, string forwardedFor, string proto)
    {
        using var page = await browser.Client.GetAsync("/signin");
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie")).Split(';')[0];
        using var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = StrataApp.AdminEmail,
                ["Password"] = StrataApp.AdminPassword,
                ["__RequestVerificationToken"] = Browser.FormToken(await page.Content.ReadAsStringAsync()),
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        post.Headers.Add("X-Forwarded-For", forwardedFor);
        post.Headers.Add("X-Forwarded-Proto", proto);
        using var signIn = await browser.Client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return (Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("strata_session=", StringComparison.Ordinal)), antiforgery);
    }
}
