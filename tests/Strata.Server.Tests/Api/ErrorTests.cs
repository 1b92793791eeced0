using System.Net;

namespace Strata.Server.Tests.Api;

public sealed class ErrorTests
{
    [Theory]
    [InlineData("/api/v1/nope")]
    [InlineData("/api/v1/auth/tokens/not-a-guid/extra")]
    [InlineData("/api/v2/me")]
    [InlineData("/api")]
    public async Task UnknownApiPathIsNotFoundProblem(string path)
    {
        await using var app = new StrataApp();
        using var client = await app.AdminClientAsync();

        using var response = await client.GetAsync(path);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task UnknownApiPathIsNotFoundEvenWithoutCredentials()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/nope");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethodIsMethodNotAllowedProblem()
    {
        await using var app = new StrataApp();
        using var client = await app.AdminClientAsync();
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PutAsync("/api/v1/me", content);

        await Problem.AssertAsync(response, HttpStatusCode.MethodNotAllowed, "invalid_request");
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("{\"email\":\"admin@example.com\"}")]
    [InlineData("{\"email\":null,\"password\":\"admin password\"}")]
    [InlineData("{\"email\":5,\"password\":\"admin password\"}")]
    [InlineData("")]
    public async Task InvalidRequestDetailNamesNoInternals(string json)
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/auth/tokens", content);

        var detail = (await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request")).GetProperty("detail").GetString();
        Assert.DoesNotContain("Strata.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Service", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("annotation", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorResponsesCarryNoStackTraces()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();
        using var badJson = new StringContent("{\"email\": [1, 2", System.Text.Encoding.UTF8, "application/json");
        using var wrongType = new StringContent("{\"email\": 5, \"password\": {}}", System.Text.Encoding.UTF8, "application/json");

        HttpResponseMessage[] responses =
        [
            await client.PostAsync("/api/v1/auth/tokens", badJson),
            await client.PostAsync("/api/v1/auth/tokens", wrongType),
            await client.GetAsync("/api/v1/me"),
            await client.DeleteAsync($"/api/v1/auth/tokens/{Guid.NewGuid()}"),
            await client.GetAsync("/api/v1/nope"),
            await client.PutAsync("/api/v1/me", null),
        ];

        foreach (var response in responses)
        {
            Problem.AssertNoInternals(await response.Content.ReadAsStringAsync());
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            response.Dispose();
        }
    }
}
