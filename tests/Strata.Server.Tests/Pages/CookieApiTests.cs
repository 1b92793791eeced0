using System.Net;

namespace Strata.Server.Tests.Pages;

/// <summary>The API called from the browser with the session cookie: unsafe methods need the page's anti-forgery token.</summary>
public sealed class CookieApiTests
{
    [Fact]
    public async Task UnsafeCookieCallWithoutTheCsrfHeaderIsRefused()
    {
        await using var app = new StrataApp();
        var token = await app.CreateTokenAsync();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        using var response = await browser.Client.DeleteAsync($"/api/v1/auth/tokens/{token.Id}");

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        using var bearer = app.ClientWithToken(token.Token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task UnsafeCookieCallWithAForgedCsrfHeaderIsRefused()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/auth/tokens/{Guid.NewGuid()}");
        request.Headers.Add("X-CSRF-TOKEN", "forged");

        using var response = await browser.Client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task UnsafeCookieCallWithThePagesCsrfTokenPasses()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();
        var csrf = await browser.CsrfTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/auth/tokens/{Guid.NewGuid()}");
        request.Headers.Add("X-CSRF-TOKEN", csrf);

        using var response = await browser.Client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CookieRevocationWithTheCsrfTokenRevokes()
    {
        await using var app = new StrataApp();
        var token = await app.CreateTokenAsync();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/auth/tokens/{token.Id}");
        request.Headers.Add("X-CSRF-TOKEN", await browser.CsrfTokenAsync("/"));

        using var response = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var bearer = app.ClientWithToken(token.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task CsrfTokenFromBeforeSignInDoesNotServeTheSession()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        var anonymousCsrf = await browser.CsrfTokenAsync("/signin");
        (await browser.SignInAsync()).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/auth/tokens/{Guid.NewGuid()}");
        request.Headers.Add("X-CSRF-TOKEN", anonymousCsrf);

        using var response = await browser.Client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task SafeCookieCallsNeedNoCsrfHeader()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/api/v1/auth/tokens")).StatusCode);
    }
}
