using System.Net;
using System.Net.Http.Json;

namespace Strata.Server.Tests.Fuzz;

/// <summary>
/// A NUL typed into a search, a filter or the sign-in form is never a server error. PostgreSQL refuses a whole
/// command carrying one, so there these answer 400 saying why (found by the HTTP fuzz test on PostgreSQL).
/// </summary>
public sealed class NulCharacterTests
{
    [Theory]
    [InlineData("/api/v1/admin/users?q=a%00")]
    [InlineData("/api/v1/orgs/uni/audit?actor=%00")]
    [InlineData("/api/v1/orgs/uni/audit?action=a%00b")]
    [InlineData("/api/v1/orgs/uni/audit?q=%3Cscript%3E%00")]
    [InlineData("/admin/users?q=%5C%00")]
    [InlineData("/orgs/uni/audit?actor=%00")]
    public async Task ANulInASearchIsAnsweredWithoutAServerError(string path)
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        using var browser = new Browser(app.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        using var api = await admin.GetAsync(path);
        using var page = await browser.Client.GetAsync(path);

        Assert.True(api.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"API GET {path} answered {(int)api.StatusCode}");
        Assert.True(page.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"Browser GET {path} answered {(int)page.StatusCode}");
    }

    [Fact]
    public async Task ANulInTheSignInAddressIsARefusalNotAnError()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = "admin\0@example.com", password = "x" });

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"answered {(int)response.StatusCode}");
    }
}
