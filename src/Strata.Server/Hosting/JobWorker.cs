namespace Strata.Server.Hosting;

/// <summary>
/// A background worker for durable jobs: runs jobs one after the other while there are any, then waits until this
/// process queues one (<paramref name="signal"/>) or the poll interval passes, which finds jobs queued on other nodes or
/// left behind by a node that died (their lease expired). A failure is logged and the loop goes on.
/// </summary>
internal abstract class JobWorker(IServiceScopeFactory scopes, Core.WakeSignal signal, TimeSpan poll, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>Who holds the leases this worker takes.</summary>
    protected string Worker { get; } = WorkerIds.New();

    /// <summary>Claims and runs one job in <paramref name="services"/>; false when there was none.</summary>
    protected abstract Task<bool> RunNextAsync(IServiceProvider services, CancellationToken ct);

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
                    ran = await RunNextAsync(scope.ServiceProvider, stoppingToken);
                }
                while (ran);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{Worker} could not process its jobs; retrying.", GetType().Name);
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
