using Microsoft.EntityFrameworkCore;
using Strata.Core.Accounts;
using Strata.Core.Data;

namespace Strata.Server.Hosting;

/// <summary>
/// Brings the database to the current schema and creates the first administrator before the server
/// accepts requests; once it is listening, prints the one-time setup link if there is still no user.
/// </summary>
public sealed class DatabaseStartup(
    IServiceScopeFactory scopes,
    StrataSettings settings,
    SetupSecret setupSecret,
    PublicUrl publicUrl,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
        var bootstrap = scope.ServiceProvider.GetRequiredService<Bootstrap>();
        await SchemaStartup.MigrateAsync(db, async () =>
        {
            if (await bootstrap.EnsureAdministratorAsync(settings.AdminEmail, settings.AdminPassword, cancellationToken))
                logger.LogInformation("Created the platform administrator {Email} from STRATA_ADMIN_EMAIL.", settings.AdminEmail);
        }, cancellationToken);

        lifetime.ApplicationStarted.Register(() => _ = AnnounceSetupLinkAsync());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task AnnounceSetupLinkAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<AccountService>().AnyUserAsync(CancellationToken.None))
                return;
            var link = publicUrl.To("setup/" + setupSecret.Issue());
            logger.LogWarning(
                "Strata has no users yet. Open {SetupLink} to create the first administrator (the link works once, until the server restarts).",
                link);
        }
        catch (Exception e) when (e is InvalidOperationException or DbUpdateException)
        {
            logger.LogError(e, "Could not check for a first administrator.");
        }
    }
}
