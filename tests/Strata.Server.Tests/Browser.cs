using System.Net;
using System.Text.RegularExpressions;

namespace Strata.Server.Tests;

/// <summary>A cookie-keeping client that fills in forms the way a browser does, anti-forgery token included.</summary>
public sealed partial class Browser(HttpClient client) : IDisposable
{
    public HttpClient Client => client;

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {html}");
        return html;
    }

    /// <summary>Loads the page at <paramref name="pagePath"/>, then posts its form to <paramref name="action"/> with these fields.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pagePath, IDictionary<string, string> fields, string? action = null)
    {
        var page = await GetPageAsync(pagePath);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = FormToken(page) };
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(action ?? pagePath, content);
    }

    public async Task<HttpResponseMessage> SignInAsync(string email = StrataApp.AdminEmail, string password = StrataApp.AdminPassword) =>
        await SubmitAsync("/signin", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    /// <summary>The token the pages give scripts for X-CSRF-TOKEN, from the layout's meta tag.</summary>
    public async Task<string> CsrfTokenAsync(string pagePath = "/account") =>
        CsrfMeta().Match(await GetPageAsync(pagePath)) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The page has no csrf-token meta tag.");

    public static string FormToken(string html) =>
        FormTokenInput().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The page has no anti-forgery input.");

    public static bool SetsCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith(name + "=", StringComparison.Ordinal) && !c.StartsWith(name + "=;", StringComparison.Ordinal));

    public void Dispose() => client.Dispose();

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)""")]
    private static partial Regex FormTokenInput();

    [GeneratedRegex("""<meta name="csrf-token" content="([^"]+)""")]
    private static partial Regex CsrfMeta();
}
