using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Strata.Server.Tests.Api;

public sealed class TokenApiTests
{
    [Fact]
    public async Task PasswordIsExchangedForATokenWhateverTheEmailCase()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens",
            new { email = "  ADMIN@Example.COM", password = StrataApp.AdminPassword, name = "laptop" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["id", "token"], body.EnumerateObject().Select(p => p.Name));
        var id = body.GetProperty("id").GetGuid();
        Assert.StartsWith("strata_pat_", body.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/api/v1/auth/tokens/{id}", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(StrataApp.AdminEmail, "wrong password")]
    [InlineData("nobody@example.com", StrataApp.AdminPassword)]
    [InlineData("", "")]
    public async Task WrongCredentialsAreInvalidCredentials(string email, string password)
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email, password });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Theory]
    [InlineData("""{"email":"admin@example.com"}""")]
    [InlineData("""{"password":"admin password"}""")]
    [InlineData("""{"email":null,"password":"admin password"}""")]
    [InlineData("""{"email":"admin@example.com","password":42}""")]
    [InlineData("{\"email\":\"admin@example.com\",\"password\":\"admin password\"")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task MalformedRequestIsInvalidRequest(string json)
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/auth/tokens", content);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task BodyThatIsNotJsonIsRefusedAsProblem()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();
        using var content = new StringContent("email=admin@example.com", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await client.PostAsync("/api/v1/auth/tokens", content);

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, "invalid_request");
    }

    [Fact]
    public async Task RevokedTokenIsRejected()
    {
        await using var app = new StrataApp();
        var created = await app.CreateTokenAsync();
        using var client = app.ClientWithToken(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        using var revoke = await client.DeleteAsync($"/api/v1/auth/tokens/{created.Id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Empty(await revoke.Content.ReadAsByteArrayAsync());
        using var after = await client.GetAsync("/api/v1/me");
        await Problem.AssertAsync(after, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task RevokingAnUnknownTokenIsNotFound()
    {
        await using var app = new StrataApp();
        using var client = await app.AdminClientAsync();

        using var response = await client.DeleteAsync($"/api/v1/auth/tokens/{Guid.NewGuid()}");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task RevokingOneTokenLeavesTheOthersWorking()
    {
        await using var app = new StrataApp();
        var first = await app.CreateTokenAsync();
        var second = await app.CreateTokenAsync();
        using var firstClient = app.ClientWithToken(first.Token);

        using var revoke = await firstClient.DeleteAsync($"/api/v1/auth/tokens/{second.Id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync("/api/v1/me")).StatusCode);
        using var secondClient = app.ClientWithToken(second.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondClient.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task TokensAreListedWithoutTheirSecrets()
    {
        await using var app = new StrataApp();
        var created = await app.CreateTokenAsync(name: "ci runner");
        using var client = app.ClientWithToken(created.Token);

        var body = await client.GetStringAsync("/api/v1/auth/tokens");

        var token = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        Assert.Equal(created.Id, token.GetProperty("id").GetGuid());
        Assert.Equal("ci runner", token.GetProperty("name").GetString());
        Assert.True(token.TryGetProperty("createdAt", out _));
        Assert.True(token.TryGetProperty("lastUsedAt", out _));
        Assert.DoesNotContain(created.Token["strata_pat_".Length..], body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInAttemptsBeyondTheLimitAreRateLimited()
    {
        await using var app = new StrataApp(signInLimit: 3, signInWindowSeconds: 120);
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = "wrong password" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = StrataApp.AdminPassword });

        await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 120);
    }

    [Fact]
    public async Task RateLimitDoesNotApplyToOtherApiCalls()
    {
        await using var app = new StrataApp(signInLimit: 1);
        using var client = await app.AdminClientAsync();

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
    }
}
