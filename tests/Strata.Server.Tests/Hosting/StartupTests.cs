using Strata.Tests.Databases;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;

namespace Strata.Server.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task HealthzAnswersOk()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DataGoesToTheConfiguredFolder()
    {
        await using var app = new StrataApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(!ScratchDatabase.OnPostgres, File.Exists(Path.Combine(app.DataDirectory, "strata.db")));
        Assert.Equal(!ScratchDatabase.OnPostgres, Directory.Exists(Path.Combine(app.DataDirectory, "keys")));
    }

    [Fact]
    public async Task AdministratorFromSettingsIsCreatedWithTheConfiguredIterations()
    {
        await using var app = new StrataApp();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();

        var admin = await db.Users.SingleAsync();

        Assert.Equal(StrataApp.AdminEmail, admin.Email);
        Assert.True(admin.IsPlatformAdmin);
        Assert.StartsWith("pbkdf2-sha512$1000$", admin.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerWithoutAdministratorSettingsLogsASetupLinkAndHasNoUsers()
    {
        await using var app = StrataApp.WithoutAdministrator();

        var secret = await app.SetupSecretAsync();

        Assert.StartsWith("setup_", secret, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<StrataDb>().Users.AnyAsync());
    }

    [Fact]
    public async Task UnexpectedFailureIsAGenericProblemThatLeaksNothing()
    {
        await using var app = new StrataApp();
        var token = await app.CreateTokenAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Breaking the schema under the running server stands in for any unforeseen fault.
            await scope.ServiceProvider.GetRequiredService<StrataDb>().Database.ExecuteSqlRawAsync("DROP TABLE access_tokens");
        }
        using var client = app.ClientWithToken(token.Token);

        using var response = await client.GetAsync("/api/v1/me");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.DoesNotContain("access_tokens", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite", detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(app.Log.Messages, m => m.Contains("Unhandled error on GET /api/v1/me", StringComparison.Ordinal));
    }
}
