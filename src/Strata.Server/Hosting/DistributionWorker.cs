using Strata.Core.Distributions;

namespace Strata.Server.Hosting;

/// <summary>
/// Runs queued distributions in the background: woken when this process queues one, and polling for
/// jobs queued by other processes or left behind by a crashed one (their lease expires).
/// </summary>
internal sealed class DistributionWorker(IServiceScopeFactory scopes, DistributionSignal signal, StrataSettings settings, TimeProvider clock, ILogger<DistributionWorker> logger) : BackgroundService
{
    private readonly string worker = WorkerIds.New();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = settings.DistributionPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                bool ran;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    ran = await scope.ServiceProvider.GetRequiredService<DistributionRunner>().RunNextAsync(worker, int.MaxValue, stoppingToken);
                }
                while (ran);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Distributions could not be processed; retrying.");
            }
            try
            {
                await signal.WaitAsync(poll, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
