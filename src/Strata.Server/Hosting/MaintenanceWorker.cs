using Strata.Core.Maintenance;

namespace Strata.Server.Hosting;

/// <summary>
/// Runs queued integrity checks (and collections) in the background: woken when this process queues one, polling
/// for runs queued on other nodes or left behind by a node that died (their lease expires).
/// </summary>
internal sealed class MaintenanceWorker(IServiceScopeFactory scopes, MaintenanceSignal signal, StrataSettings settings, TimeProvider clock, ILogger<MaintenanceWorker> logger)
    : BackgroundService
{
    private readonly string worker = WorkerIds.New();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                bool ran;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    ran = await scope.ServiceProvider.GetRequiredService<MaintenanceRunner>().RunNextAsync(worker, stoppingToken);
                }
                while (ran);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Maintenance runs could not be processed; retrying.");
            }
            try
            {
                await signal.WaitAsync(settings.DistributionPoll, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
