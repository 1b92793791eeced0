using Microsoft.Extensions.Logging;

namespace Strata.Core.Distributions;

/// <summary>
/// Keeps a job's lease while one slow unit of work runs: renews it every <c>interval</c> (a third of the
/// lease), so another worker never takes over a job whose worker is alive. Disposing stops it. A renewal
/// that finds the lease gone (taken over after a pause longer than the lease) stops renewing; the work's
/// own conditional claim then keeps it from being applied twice.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    public LeaseKeeper(Func<Task<bool>> renew, TimeSpan interval, TimeProvider clock, ILogger logger) =>
        running = RenewAsync(renew, interval, clock, logger, stop.Token);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }

    private static async Task RenewAsync(Func<Task<bool>> renew, TimeSpan interval, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        // One timer for the whole run, not a new delay after each renewal: a tick that comes due while a renewal
        // is still on its way is kept, so a slow renewal never pushes the next one a whole interval later.
        using var timer = new PeriodicTimer(interval, clock);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await timer.WaitForNextTickAsync(ct))
                    return;
                if (!await renew())
                {
                    logger.LogWarning("The job's lease was taken over by another worker while a unit of work ran.");
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed renewal must not fail the work: the next one may succeed, and the claim protects the rest.
                logger.LogWarning(e, "Could not renew a job's lease.");
            }
        }
    }
}
