using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Storage;
using Strata.Storage.Blobs;

namespace Strata.Server.Hosting;

/// <summary>
/// Brings the database to the current schema and creates the first administrator before the server
/// accepts requests; once it is listening, prints the one-time setup link if there is still no user.
/// </summary>
public sealed class DatabaseStartup(
    IServiceScopeFactory scopes,
    StrataSettings settings,
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
        try
        {
            await SchemaStartup.MigrateAsync(db, async () =>
            {
                if (await bootstrap.EnsureAdministratorAsync(settings.AdminEmail, settings.AdminPassword, cancellationToken))
                    logger.LogInformation("Created the platform administrator {Email} from STRATA_ADMIN_EMAIL.", settings.AdminEmail);
            }, cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException { InnerException: DbException } or TimeoutException)
        {
            SettingException.Stop(new SettingException(
                $"STRATA_DATABASE: the database cannot be used ({StartupReport.DescribeDatabase(settings.DatabaseConnectionString)}): {Innermost(e).Message}"));
        }
        try
        {
            await scope.ServiceProvider.GetRequiredService<IBlobStore>().ProbeAsync(cancellationToken);
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            SettingException.Stop(new SettingException($"STRATA_BLOBS: the content store cannot be used ({settings.BlobDirectory}): {e.Message}"));
        }

        lifetime.ApplicationStarted.Register(() => _ = AnnounceSetupLinkAsync());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Exception Innermost(Exception e) => e.InnerException is { } inner && e is not DbException ? Innermost(inner) : e;

    private async Task AnnounceSetupLinkAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<AccountService>().AnyUserAsync(CancellationToken.None))
                return;
            var secret = await scope.ServiceProvider.GetRequiredService<SetupSecret>().IssueAsync(CancellationToken.None);
            logger.LogWarning(
                "Strata has no users yet. Open {SetupLink} to create the first administrator (the link works once, on any node, until an administrator exists).",
                publicUrl.To("setup/" + secret));
        }
        catch (Exception e) when (e is InvalidOperationException or DbException or DbUpdateException)
        {
            logger.LogError(e, "Could not check for a first administrator.");
        }
    }
}
