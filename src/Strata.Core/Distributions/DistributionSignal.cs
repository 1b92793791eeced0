namespace Strata.Core.Distributions;

/// <summary>Wakes the distribution worker of this process when a job is queued, so it need not wait for its next poll.</summary>
public sealed class DistributionSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up is enough.
            }
        }
    }

    public void Dispose() => signal.Dispose();

    /// <summary>Waits until woken or until <paramref name="timeout"/> passes on <paramref name="clock"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var elapsed = new CancellationTokenSource(timeout, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, elapsed.Token);
        try
        {
            await signal.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The timeout passed: time to poll.
        }
    }
}
