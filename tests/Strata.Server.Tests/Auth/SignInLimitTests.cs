using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strata.Core.Accounts;

namespace Strata.Server.Tests.Auth;

/// <summary>SPEC §8: failed sign-ins are limited per account and per address; successful ones never count.</summary>
public sealed class SignInLimitTests
{
    internal const string AnnPassword = "ann's password";

    [Fact]
    public async Task TwentyCorrectTokenRequestsFromOneAddressAllSucceed()
    {
        await using var app = new StrataApp(signInLimit: 10);
        using var client = app.CreateClient();

        for (var i = 0; i < 20; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = StrataApp.AdminPassword });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task TwentyCorrectSignInsOnThePageFromOneAddressAllSucceed()
    {
        await using var app = new StrataApp(signInLimit: 10);

        for (var i = 0; i < 20; i++)
        {
            using var browser = new Browser(app.CreateBrowser());
            using var response = await browser.SignInAsync();
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    [Fact]
    public async Task FailuresLockThatAccountEvenForTheRightPasswordButNotAnotherAccountFromTheSameAddress()
    {
        await using var app = new StrataApp(signInLimit: 3);
        await CreateAnnAsync(app);
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, StrataApp.AdminEmail, "wrong password")).StatusCode);

        using var locked = await TokenAsync(client, StrataApp.AdminEmail, StrataApp.AdminPassword);
        using var other = await TokenAsync(client, "ann@uni.edu", AnnPassword);
        using var browser = new Browser(app.CreateBrowser());
        using var lockedPage = await browser.SignInAsync();

        var problem = await Problem.AssertAsync(locked, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Contains("for this account", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(RetryAfter(locked), 1, 60);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, lockedPage.StatusCode);
        Assert.InRange(RetryAfter(lockedPage), 1, 60);
        Assert.False(Browser.SetsCookie(lockedPage, "strata_session"));
    }

    [Fact]
    public async Task AnAddressOverItsLimitKeepsGuessersOutButLetsAnUnattackedAccountIn()
    {
        await using var app = new StrataApp(signInLimit: 10);
        await using var server = app.WithWebHostBuilder(builder => builder.UseSetting("STRATA_SIGNIN_ADDRESS_LIMIT", "4"));
        await CreateAnnAsync(server);
        using var client = server.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, StrataApp.AdminEmail, "guess " + i)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, "x1@uni.edu", "guess")).StatusCode);

        // The address has 4 failures now; the administrator's account has 3 of them, Ann's none.
        using var attacked = await TokenAsync(client, StrataApp.AdminEmail, StrataApp.AdminPassword);
        using var unattacked = await TokenAsync(client, "ann@uni.edu", AnnPassword);
        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            guesses.Add((await TokenAsync(client, "x2@uni.edu", "guess " + i)).StatusCode);

        var problem = await Problem.AssertAsync(attacked, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Contains("from your network", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, unattacked.StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], guesses);
    }

    [Fact]
    public async Task WhenTheWindowHasPassedTheAccountSignsInAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StrataApp(signInLimit: 2, signInWindowSeconds: 60);
        await using var server = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        using var client = server.CreateClient();
        (await TokenAsync(client, StrataApp.AdminEmail, "wrong password")).Dispose();
        clock.Advance(TimeSpan.FromSeconds(20));
        (await TokenAsync(client, StrataApp.AdminEmail, "wrong password")).Dispose();

        using var locked = await TokenAsync(client, StrataApp.AdminEmail, StrataApp.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(40, RetryAfter(locked));
        clock.Advance(TimeSpan.FromSeconds(39));
        using var stillLocked = await TokenAsync(client, StrataApp.AdminEmail, StrataApp.AdminPassword);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var open = await TokenAsync(client, StrataApp.AdminEmail, StrataApp.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        Assert.Equal(1, RetryAfter(stillLocked));
        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
    }

    [Fact]
    public async Task ALimitThatIsNotANumberStopsStartUpNamingTheVariable()
    {
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(builder => builder.UseSetting("STRATA_SIGNIN_ADDRESS_LIMIT", "many"));

        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains("STRATA_SIGNIN_ADDRESS_LIMIT must be a whole number", error.ToString(), StringComparison.Ordinal);
    }

    internal static async Task CreateAnnAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("ann@uni.edu", "Ann", AnnPassword, false, default);
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/tokens", new { email, password });

    private static int RetryAfter(HttpResponseMessage response) =>
        int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
}
