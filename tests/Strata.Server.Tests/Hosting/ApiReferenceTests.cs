using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strata.Server.Tests.Hosting;

public sealed partial class ApiReferenceTests
{
    [Fact]
    public async Task OpenApiDocumentDescribesTheAuthEndpoints()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/auth/tokens", out var tokens));
        Assert.True(tokens.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/me", out _));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/api/{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnumFieldsAreDescribedAsTheirNames()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("SpaceType");
        Assert.Equal(["course", "research", "dataset"], schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ReferencePageIsServedWithoutOutsideHosts()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/docs/api/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var outside = ExternalReference().Matches(html).Select(m => m.Value).ToList();
        Assert.True(outside.Count == 0, "The reference page loads from outside hosts: " + string.Join(", ", outside));
    }

    [Fact]
    public async Task ReferenceScriptsAndStylesAreServedLocally()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();
        var html = await client.GetStringAsync("/docs/api/index.html");

        var assets = LocalAsset().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            using var response = await client.GetAsync(new Uri(new Uri("http://localhost/docs/api/"), asset));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}");
        }
    }

    // src= or href= pointing at an absolute http(s) URL whose host is not local.
    [GeneratedRegex("""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!localhost[:/"']|127\.0\.0\.1[:/"'])[^"'\s>]+""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""(?:src|href)\s*=\s*["'](\./[^"']+|[A-Za-z0-9][^"':]*)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex LocalAsset();
}
