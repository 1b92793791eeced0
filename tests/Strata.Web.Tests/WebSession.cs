using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Strata.Web.Tests;

/// <summary>Set-up steps the page tests share, so each test reads as what it checks rather than how it signs in.</summary>
public static class WebSession
{
    /// <summary>An API client with the administrator's token, over an organisation "uni" with a course space "physics".</summary>
    public static async Task<HttpClient> AdminApiAsync(WebServer server)
    {
        var client = await AdminOrgApiAsync(server);
        (await client.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>An API client with the administrator's token, over an organisation "uni" with no space yet.</summary>
    public static async Task<HttpClient> AdminOrgApiAsync(WebServer server)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = WebServer.AdminEmail, password = WebServer.AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        return client;
    }

    public static async Task SignInAsync(IPage page, string email = WebServer.AdminEmail, string password = WebServer.AdminPassword)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
