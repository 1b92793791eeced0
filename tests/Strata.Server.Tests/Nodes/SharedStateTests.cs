using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Tests.Databases;

namespace Strata.Server.Tests.Nodes;

/// <summary>
/// SPEC §9: nothing that decides a request lives in one node's memory. Two server nodes over one PostgreSQL
/// database: a sign-in, a sign-out, a revoked token and a setup link made on one hold on the other at once.
/// </summary>
public sealed class SharedStateTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-nodes", Guid.NewGuid().ToString("N"));
    private string database = "";

    public Task InitializeAsync()
    {
        if (ScratchDatabase.OnPostgres)
            database = ScratchDatabase.Create(folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (database.Length > 0)
            ScratchDatabase.Drop(database);
        return Task.CompletedTask;
    }

    [PostgresOnlyFact]
    public async Task ABrowserSessionMadeOnOneNodeWorksOnAnotherAndSigningOutEndsItOnBoth()
    {
        await using var one = new StrataApp(database: database);
        await using var two = new StrataApp(database: database);
        using var browser = new Browser(one.CreateBrowser());

        using var signIn = await browser.SignInAsync();
        var cookie = signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("strata_session=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await MeOnAsync(two, cookie));

        (await browser.SubmitAsync("/account", new Dictionary<string, string>(), action: "/signout")).Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, await MeOnAsync(two, cookie));
    }

    /// <summary>On an empty database the schema comes before the key ring is loaded from it, so the first key is stored there.</summary>
    [PostgresOnlyFact]
    public async Task TheFirstNodeOnAnEmptyDatabaseStoresItsCookieKeyInTheDatabase()
    {
        await using var one = new StrataApp(database: database);
        using var browser = new Browser(one.CreateBrowser());
        (await browser.SignInAsync()).Dispose();

        var options = new DbContextOptionsBuilder<StrataDb>();
        Database.Configure(options, database);
        await using var db = new StrataDb(options.Options);
        Assert.NotEmpty(await db.SharedKeys.ToListAsync());
        Assert.DoesNotContain(one.Log.Messages, m => m.Contains("FROM shared_keys", StringComparison.Ordinal));
    }

    [PostgresOnlyFact]
    public async Task ATokenRevokedOnOneNodeIsRefusedByAnotherAtOnce()
    {
        await using var one = new StrataApp(database: database);
        await using var two = new StrataApp(database: database);
        var token = await one.CreateTokenAsync();
        using var onTwo = two.ClientWithToken(token.Token);
        Assert.Equal(HttpStatusCode.OK, (await onTwo.GetAsync("/api/v1/me")).StatusCode);

        using var onOne = one.ClientWithToken(token.Token);
        (await onOne.DeleteAsync($"/api/v1/auth/tokens/{token.Id}")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await onTwo.GetAsync("/api/v1/me")).StatusCode);
    }

    [PostgresOnlyFact]
    public async Task ASetupLinkPrintedByOneNodeWorksOnAnother()
    {
        await using var one = new StrataApp(adminEmail: null, adminPassword: null, database: database);
        await using var two = new StrataApp(adminEmail: null, adminPassword: null, database: database);
        var secret = await one.SetupSecretAsync();
        _ = two.Services;
        using var browser = new Browser(two.CreateBrowser());

        using var response = await browser.SubmitAsync($"/setup/{secret}", new Dictionary<string, string>
        {
            ["Email"] = "root@example.com", ["Name"] = "Root", ["Password"] = "setup password",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var me = await browser.Client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.True(me.GetProperty("isPlatformAdmin").GetBoolean());
    }

    private static async Task<HttpStatusCode> MeOnAsync(StrataApp node, string cookie)
    {
        using var client = node.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
