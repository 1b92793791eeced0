using System.Net;
using System.Text.Json;

namespace Strata.Server.Tests.Pages;

public sealed class SignInTests
{
    [Fact]
    public async Task SignInStartsACookieSessionTheApiAccepts()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());

        using var signIn = await browser.SignInAsync("Admin@Example.com");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.True(Browser.SetsCookie(signIn, "strata_session"));
        var setCookie = signIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("strata_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        using var me = await browser.Client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(StrataApp.AdminEmail, body.GetProperty("email").GetString());
        Assert.Contains("Welcome, admin", await browser.GetPageAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPasswordShowsTheErrorAndStartsNoSession()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());

        using var response = await browser.SignInAsync(password: "wrong password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The email or the password is wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong password", html, StringComparison.Ordinal);
        Assert.False(Browser.SetsCookie(response, "strata_session"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task SignInFormWithoutTheAntiforgeryTokenIsRefused()
    {
        await using var app = new StrataApp();
        using var client = app.CreateBrowser();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = StrataApp.AdminEmail,
            ["Password"] = StrataApp.AdminPassword,
        });

        using var response = await client.PostAsync("/signin", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Browser.SetsCookie(response, "strata_session"));
    }

    [Fact]
    public async Task DashboardRedirectsToSignInWhenSignedOut()
    {
        await using var app = new StrataApp();
        using var client = app.CreateBrowser();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(new Uri("http://localhost"), response.Headers.Location!);
        Assert.Equal("/signin?ReturnUrl=%2F", location.PathAndQuery);
    }

    [Fact]
    public async Task ApiAnswersAProblemNotARedirectToACookieClientThatIsNotSignedIn()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        await browser.GetPageAsync("/signin");

        using var response = await browser.Client.GetAsync("/api/v1/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/account", "/account")]
    [InlineData("https://evil.example/steal", "/")]
    [InlineData("//evil.example/steal", "/")]
    public async Task SignInReturnsOnlyToLocalPages(string returnUrl, string expected)
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());

        using var response = await browser.SubmitAsync("/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl),
            new Dictionary<string, string> { ["Email"] = StrataApp.AdminEmail, ["Password"] = StrataApp.AdminPassword, ["ReturnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignOutEndsTheSession()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        using var signOut = await browser.SubmitAsync("/account", new Dictionary<string, string>(), action: "/signout");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/signin", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task SignInPageAttemptsBeyondTheLimitAreRateLimited()
    {
        await using var app = new StrataApp(signInLimit: 2);
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync(password: "wrong password")).Dispose();
        (await browser.SignInAsync(password: "wrong password")).Dispose();

        using var response = await browser.SignInAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.Contains("Too many", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(Browser.SetsCookie(response, "strata_session"));
    }
}
