using Strata.Core.Mail;

namespace Strata.Server.Hosting;

/// <summary>Sends queued mail in the background; one failing message never stops the others.</summary>
internal sealed class OutboxWorker(IServiceScopeFactory scopes, StrataSettings settings, TimeProvider clock, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = settings.MailPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<OutboxDispatcher>();
                while (await dispatcher.DispatchDueAsync(50, stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The mail outbox could not be processed; retrying.");
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
