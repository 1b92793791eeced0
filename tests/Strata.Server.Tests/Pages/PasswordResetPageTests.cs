using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Strata.Server.Tests.Auth;

namespace Strata.Server.Tests.Pages;

/// <summary>Forgot password → email → new password → sign in, through the pages as a browser posts them.</summary>
public sealed class PasswordResetPageTests
{
    [Fact]
    public async Task SignInLeadsToAFormWhoseAnswerNeverSaysWhetherTheAccountExists()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());

        Assert.Contains("href=\"/forgot-password\"", await browser.GetPageAsync("/signin"), StringComparison.Ordinal);
        using var known = await browser.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = StrataApp.AdminEmail });
        using var unknown = await browser.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = "nobody@uni.edu" });

        var knownHtml = await known.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Contains("If an account exists for that address, we sent it a link", knownHtml, StringComparison.Ordinal);
        Assert.Equal(Notice(knownHtml), Notice(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TheLinkLeadsToANewPasswordAndBackToSignIn()
    {
        await using var app = new StrataApp();
        await using var server = PasswordResetApiTests.FastMail(app);
        using var browser = new Browser(server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        (await browser.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = StrataApp.AdminEmail })).Dispose();
        var page = $"/reset-password/{await Mailbox.ResetTokenAsync(app, StrataApp.AdminEmail)}";

        Assert.Contains(StrataApp.AdminEmail, await browser.GetPageAsync(page), StringComparison.Ordinal);
        using var mismatch = await browser.SubmitAsync(page, new Dictionary<string, string> { ["Password"] = "a brand new password", ["Repeat"] = "a brand new pasword" });
        Assert.Contains("The two passwords differ", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var set = await browser.SubmitAsync(page, new Dictionary<string, string> { ["Password"] = "a brand new password", ["Repeat"] = "a brand new password" });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/signin?reset=true", set.Headers.Location?.OriginalString);
        Assert.Contains("Your new password is set", await browser.GetPageAsync("/signin?reset=true"), StringComparison.Ordinal);

        using var signedIn = await browser.SignInAsync(password: "a brand new password");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("already used", await browser.GetPageAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownLinkIsExplainedWithAWayToAskAgain()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());

        var html = await browser.GetPageAsync("/reset-password/reset_nonsense");
        var blank = await browser.GetPageAsync("/reset-password/%0A");   // found by the HTTP fuzz test: a 500 before

        Assert.Contains("This password reset link is not valid", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/forgot-password\"", html, StringComparison.Ordinal);
        Assert.Contains("This password reset link is not valid", blank, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskingTooOftenOnThePageSaysWhenToTryAgain()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        for (var i = 0; i < 3; i++)
            (await browser.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = "ann@uni.edu" })).Dispose();

        using var limited = await browser.SubmitAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = "ann@uni.edu" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Contains("Too many password reset emails", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Notice(string html)
    {
        var start = html.IndexOf("<p class=\"notice\"", StringComparison.Ordinal);
        Assert.True(start >= 0, html);
        return html[start..html.IndexOf("</p>", start, StringComparison.Ordinal)];
    }
}
