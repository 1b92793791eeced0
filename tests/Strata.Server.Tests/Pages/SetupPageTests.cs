using System.Net;
using System.Text.Json;

namespace Strata.Server.Tests.Pages;

public sealed class SetupPageTests
{
    private const string NotValid = "not valid any more";

    private static Dictionary<string, string> Form(string password = "setup password") => new()
    {
        ["Name"] = "Root Admin",
        ["Email"] = "root@example.com",
        ["Password"] = password,
    };

    [Fact]
    public async Task SetupLinkShowsTheFormWhileThereAreNoUsers()
    {
        await using var app = StrataApp.WithoutAdministrator();
        var secret = await app.SetupSecretAsync();
        using var browser = new Browser(app.CreateBrowser());

        var html = await browser.GetPageAsync($"/setup/{secret}");

        Assert.Contains("Create administrator", html, StringComparison.Ordinal);
        Assert.DoesNotContain(NotValid, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupCreatesTheAdministratorAndUsesUpTheLink()
    {
        await using var app = StrataApp.WithoutAdministrator();
        var secret = await app.SetupSecretAsync();
        using var browser = new Browser(app.CreateBrowser());

        using var response = await browser.SubmitAsync($"/setup/{secret}", Form());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.True(Browser.SetsCookie(response, "strata_session"));
        var me = JsonDocument.Parse(await browser.Client.GetStringAsync("/api/v1/me")).RootElement;
        Assert.Equal("root@example.com", me.GetProperty("email").GetString());
        Assert.Equal("Root Admin", me.GetProperty("name").GetString());
        Assert.True(me.GetProperty("isPlatformAdmin").GetBoolean());
        Assert.Contains(NotValid, await browser.GetPageAsync($"/setup/{secret}"), StringComparison.Ordinal);
        await app.CreateTokenAsync("root@example.com", "setup password");
    }

    [Fact]
    public async Task UsedSetupLinkCannotCreateASecondAdministrator()
    {
        await using var app = StrataApp.WithoutAdministrator();
        var secret = await app.SetupSecretAsync();
        using (var first = new Browser(app.CreateBrowser()))
            (await first.SubmitAsync($"/setup/{secret}", Form())).Dispose();
        using var second = new Browser(app.CreateBrowser());
        var page = await second.GetPageAsync("/signin");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(Form())
        {
            ["Email"] = "intruder@example.com",
            ["__RequestVerificationToken"] = Browser.FormToken(page),
        });

        using var response = await second.Client.PostAsync($"/setup/{secret}", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(NotValid, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(Browser.SetsCookie(response, "strata_session"));
        using var client = app.CreateClient();
        using var token = await client.PostAsync("/api/v1/auth/tokens", JsonContent("intruder@example.com", "setup password"));
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }

    [Fact]
    public async Task SetupWithAShortPasswordShowsTheErrorAndKeepsTheLink()
    {
        await using var app = StrataApp.WithoutAdministrator();
        var secret = await app.SetupSecretAsync();
        using var browser = new Browser(app.CreateBrowser());

        using var response = await browser.SubmitAsync($"/setup/{secret}", Form(password: "short"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("at least 8 characters", html, StringComparison.Ordinal);
        Assert.DoesNotContain(NotValid, html, StringComparison.Ordinal);
        Assert.False(Browser.SetsCookie(response, "strata_session"));
        using var retry = await browser.SubmitAsync($"/setup/{secret}", Form());
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
    }

    [Fact]
    public async Task WrongSetupSecretShowsTheLinkIsNotValid()
    {
        await using var app = StrataApp.WithoutAdministrator();
        await app.SetupSecretAsync();
        using var browser = new Browser(app.CreateBrowser());

        var html = await browser.GetPageAsync("/setup/setup_wrong");

        Assert.Contains(NotValid, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Create administrator", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupLinkIsNotValidWhenTheAdministratorCameFromSettings()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());

        var html = await browser.GetPageAsync("/setup/setup_anything");

        Assert.Contains(NotValid, html, StringComparison.Ordinal);
    }

    private static StringContent JsonContent(string email, string password) =>
        new(JsonSerializer.Serialize(new { email, password }), System.Text.Encoding.UTF8, "application/json");
}
