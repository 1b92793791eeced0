namespace Strata.Core;

/// <summary>Wakes a background worker of this process when work is queued, so it need not wait for its next poll.</summary>
public abstract class WakeSignal : IDisposable
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

    public void Dispose()
    {
        signal.Dispose();
        GC.SuppressFinalize(this);
    }

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
