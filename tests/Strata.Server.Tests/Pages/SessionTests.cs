using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;

namespace Strata.Server.Tests.Pages;

public sealed class SessionTests
{
    [Fact]
    public async Task SessionOfADeletedAccountGoesBackToSignIn()
    {
        await using var app = new StrataApp();
        using var browser = new Browser(app.CreateBrowser());
        using var signedIn = await browser.SignInAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StrataDb>().Users.ExecuteDeleteAsync();

        using var response = await browser.Client.GetAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
