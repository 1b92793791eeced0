using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;

namespace Strata.Server.Tests.Security;

/// <summary>API.md: every response carries nosniff and a Content-Security-Policy with frame-ancestors 'none'; issue 14 item 4.</summary>
public sealed class SecurityHeadersTests
{
    private const string Master = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current";

    [Fact]
    public async Task PagesApiDownloadsStaticFilesAndErrorsAllCarryTheHeaders()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Master}/files/page.html", new StringContent("<script>alert(1)</script>", Encoding.UTF8, "text/html"))).EnsureSuccessStatusCode();
        using var anonymous = app.CreateBrowser();
        using var malformed = new StringContent("{not json", Encoding.UTF8, "application/json");

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["page"] = await anonymous.GetAsync("/signin"),
            ["page redirect"] = await anonymous.GetAsync("/account"),
            ["missing page"] = await anonymous.GetAsync("/no/such/page"),
            ["api"] = await admin.GetAsync("/api/v1/me"),
            ["api 401"] = await anonymous.GetAsync("/api/v1/me"),
            ["api 404"] = await admin.GetAsync("/api/v1/no-such-thing"),
            ["api 400 from the exception handler"] = await admin.PostAsync("/api/v1/orgs", malformed),
            ["download"] = await admin.GetAsync($"{Master}/files/page.html"),
            ["zip"] = await admin.GetAsync($"{Master}/zip"),
            ["static css"] = await anonymous.GetAsync("/css/site.css"),
            ["static js"] = await anonymous.GetAsync("/js/site.js"),
            ["health"] = await anonymous.GetAsync("/healthz"),
            ["head"] = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/signin")),
        };

        Assert.Equal(HttpStatusCode.OK, responses["download"].StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, responses["api 400 from the exception handler"].StatusCode);
        foreach (var (what, response) in responses)
        {
            using (response)
                AssertHardened(what, response);
        }
    }

    [Fact]
    public async Task ThePolicyAllowsNoInlineScriptOrStyleAndNoFraming()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/signin");

        var policy = Header(response, "Content-Security-Policy");
        var directives = policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("style-src 'self'", directives["style-src"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheApiReferenceMayUseInlineStylesAndNeverInlineScript()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var reference = await client.GetAsync("/docs/api/index.html");

        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var policy = Header(reference, "Content-Security-Policy");
        Assert.Contains("style-src 'self' 'unsafe-inline'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPageHasInlineScriptsHandlersOrStyles()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        foreach (var path in new[] { "/", "/account", "/signin", "/forgot-password", "/admin/users" })
        {
            var html = await browser.GetPageAsync(path);
            Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
            Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
            Assert.DoesNotMatch(@"\sstyle\s*=", html);
        }
    }

    [Fact]
    public async Task WithoutAnHttpsPublicUrlThereIsNoHstsAndCookiesFollowTheRequest()
    {
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(builder => builder.UseSetting("STRATA_PUBLIC_URL", "http://strata.example"));
        using var browser = new Browser(server.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));

        using var signIn = await browser.SignInAsync();

        Assert.False(signIn.Headers.Contains("Strict-Transport-Security"));
        Assert.All(signIn.Headers.GetValues("Set-Cookie"), cookie => Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnHttpsPublicUrlAsksForHstsAndMakesEveryCookieSecure()
    {
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(builder => builder.UseSetting("STRATA_PUBLIC_URL", "https://strata.example"));
        using var client = server.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        // The test client speaks http, as a server behind a TLS proxy it does not trust would see it.
        using var page = await client.GetAsync("/signin");
        var html = await page.Content.ReadAsStringAsync();
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = StrataApp.AdminEmail,
            ["Password"] = StrataApp.AdminPassword,
            ["__RequestVerificationToken"] = Browser.FormToken(html),
        });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/signin") { Content = form };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var signIn = await client.SendAsync(post);
        using var api = await client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("max-age=31536000", Header(page, "Strict-Transport-Security"));
        Assert.Equal("max-age=31536000", Header(api, "Strict-Transport-Security"));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var session = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("strata_session=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertHardened(string what, HttpResponseMessage response)
    {
        Assert.True(Header(response, "Content-Security-Policy").Contains("frame-ancestors 'none'", StringComparison.Ordinal),
            $"{what} ({(int)response.StatusCode}) has no frame-ancestors 'none'.");
        Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", $"{what} ({(int)response.StatusCode}) lacks nosniff.");
        Assert.True(Header(response, "Referrer-Policy") == "same-origin", $"{what} lacks Referrer-Policy.");
        var permissions = Header(response, "Permissions-Policy");
        Assert.True(permissions.Contains("camera=()", StringComparison.Ordinal) && permissions.Contains("microphone=()", StringComparison.Ordinal)
            && permissions.Contains("geolocation=()", StringComparison.Ordinal), $"{what} lacks a Permissions-Policy denying camera, microphone and geolocation.");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"{what} asks for HSTS without an https public URL.");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}
