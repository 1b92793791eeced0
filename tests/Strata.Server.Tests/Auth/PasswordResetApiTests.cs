using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strata.Core.Data;

namespace Strata.Server.Tests.Auth;

/// <summary>SPEC §8: a forgotten password is reset through a single-use, time-limited link sent by email.</summary>
public sealed class PasswordResetApiTests
{
    private const string Reset = "/api/v1/auth/password-reset";

    [Fact]
    public async Task AskingAnswers202WhetherOrNotTheAccountExistsAndMailsOnlyTheAccount()
    {
        await using var app = new StrataApp();
        await using var server = FastMail(app);
        using var client = server.CreateClient();

        using var unknown = await client.PostAsJsonAsync(Reset, new { email = "nobody@uni.edu" });
        using var known = await client.PostAsJsonAsync(Reset, new { email = "Admin@Example.com" });

        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());
        Assert.StartsWith("reset_", await Mailbox.ResetTokenAsync(app, StrataApp.AdminEmail), StringComparison.Ordinal);
        await using var scope = server.Services.CreateAsyncScope();
        var outbox = await scope.ServiceProvider.GetRequiredService<StrataDb>().Outbox.Select(m => m.To).ToListAsync();
        Assert.Equal([StrataApp.AdminEmail], outbox);
    }

    [Fact]
    public async Task TheMailedLinkSetsANewPasswordOnceAndEndsTheAccountsSessions()
    {
        await using var app = new StrataApp();
        await using var server = FastMail(app);
        using var signedIn = new Browser(server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        (await signedIn.SignInAsync()).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await signedIn.Client.GetAsync("/api/v1/me")).StatusCode);
        using var client = server.CreateClient();
        (await client.PostAsJsonAsync(Reset, new { email = StrataApp.AdminEmail })).EnsureSuccessStatusCode();
        var token = await Mailbox.ResetTokenAsync(app, StrataApp.AdminEmail);

        var link = await client.GetFromJsonAsync<JsonElement>($"{Reset}/{token}");
        using var set = await client.PostAsJsonAsync($"{Reset}/{token}", new { password = "a brand new password" });
        using var again = await client.PostAsJsonAsync($"{Reset}/{token}", new { password = "another new password" });

        Assert.Equal(StrataApp.AdminEmail, link.GetProperty("email").GetString());
        Assert.True(link.TryGetProperty("expiresAt", out _));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(StrataApp.AdminEmail, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        var closed = await Problem.AssertAsync(again, HttpStatusCode.Gone, "link_closed");
        Assert.Contains("already used", closed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem.AssertAsync(await client.GetAsync($"{Reset}/{token}"), HttpStatusCode.Gone, "link_closed");
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.Client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = StrataApp.AdminPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = "a brand new password" })).StatusCode);
    }

    [Fact]
    public async Task ALinkOlderThanAnHourHasExpired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StrataApp();
        await using var server = FastMail(app, builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        using var client = server.CreateClient();
        (await client.PostAsJsonAsync(Reset, new { email = StrataApp.AdminEmail })).EnsureSuccessStatusCode();
        var token = await Mailbox.ResetTokenAsync(app, StrataApp.AdminEmail);

        clock.Advance(TimeSpan.FromHours(1));
        using var expired = await client.PostAsJsonAsync($"{Reset}/{token}", new { password = "a brand new password" });

        var problem = await Problem.AssertAsync(expired, HttpStatusCode.Gone, "link_expired");
        Assert.Contains("Ask for a new one", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskingTooOftenForOneMailboxIsRateLimitedWhetherOrNotItExists()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();
        foreach (var email in new[] { StrataApp.AdminEmail, "nobody@uni.edu" })
        {
            for (var i = 0; i < 3; i++)
                Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync(Reset, new { email })).StatusCode);

            using var limited = await client.PostAsJsonAsync(Reset, new { email });

            await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.True(limited.Headers.Contains("Retry-After"));
        }
    }

    [Theory]
    [InlineData("{}", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"email":null}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"email":42}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("not json", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"email":"not an address"}""", HttpStatusCode.BadRequest, "invalid_email")]
    public async Task BadRequestsForALinkAreProblemsNeverErrors(string json, HttpStatusCode status, string code)
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(Reset, content);

        await Problem.AssertAsync(response, status, code);
    }

    [Fact]
    public async Task BadUsesOfALinkAreProblemsNeverErrors()
    {
        await using var app = new StrataApp();
        await using var server = FastMail(app);
        using var client = server.CreateClient();
        (await client.PostAsJsonAsync(Reset, new { email = StrataApp.AdminEmail })).EnsureSuccessStatusCode();
        var token = await Mailbox.ResetTokenAsync(app, StrataApp.AdminEmail);

        await Problem.AssertAsync(await client.GetAsync($"{Reset}/reset_unknown"), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await client.PostAsJsonAsync($"{Reset}/reset_unknown", new { password = "long enough password" }), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await client.PostAsJsonAsync($"{Reset}/{token}", new { }), HttpStatusCode.BadRequest, "invalid_request");
        var tooShort = await Problem.AssertAsync(await client.PostAsJsonAsync($"{Reset}/{token}", new { password = "short" }), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("at least 8 characters", tooShort.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var content = new StringContent("""{"password":12345678}""", Encoding.UTF8, "application/json");
        await Problem.AssertAsync(await client.PostAsync($"{Reset}/{token}", content), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Reset}/{token}", new { password = "long enough password" })).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesPasswordReset()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        var paths = (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        Assert.True(paths.GetProperty("/api/v1/auth/password-reset").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/auth/password-reset/{token}").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/admin/users/{id}").TryGetProperty("patch", out _));
    }

    internal static WebApplicationFactory<Program> FastMail(StrataApp app, Action<IWebHostBuilder>? more = null) =>
        app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("STRATA_MAIL_POLL_MS", "50");
            more?.Invoke(builder);
        });
}
