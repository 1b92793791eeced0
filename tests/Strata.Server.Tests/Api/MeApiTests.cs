using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Strata.Server.Tests.Api;

public sealed class MeApiTests
{
    [Fact]
    public async Task MeDescribesTheBootstrapAdministrator()
    {
        await using var app = new StrataApp();
        using var client = await app.AdminClientAsync();

        using var response = await client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["id", "email", "name", "isPlatformAdmin", "orgs"], me.EnumerateObject().Select(p => p.Name));
        Assert.NotEqual(Guid.Empty, me.GetProperty("id").GetGuid());
        Assert.Equal(StrataApp.AdminEmail, me.GetProperty("email").GetString());
        Assert.Equal("admin", me.GetProperty("name").GetString());
        Assert.True(me.GetProperty("isPlatformAdmin").GetBoolean());
        Assert.Equal(JsonValueKind.Array, me.GetProperty("orgs").ValueKind);
        Assert.Empty(me.GetProperty("orgs").EnumerateArray());
    }

    [Fact]
    public async Task MeWithoutCredentialsIsUnauthenticated()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("strata_pat_")]
    [InlineData("strata_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task UnknownBearerTokenIsUnauthenticated(string token)
    {
        await using var app = new StrataApp();
        using var client = app.ClientWithToken(token);

        using var response = await client.GetAsync("/api/v1/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task OtherAuthorizationSchemesAreUnauthenticated()
    {
        await using var app = new StrataApp();
        var token = (await app.CreateTokenAsync()).Token;
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);

        using var response = await client.GetAsync("/api/v1/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task BearerSchemeNameIsCaseInsensitive()
    {
        await using var app = new StrataApp();
        var token = (await app.CreateTokenAsync()).Token;
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + token);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
