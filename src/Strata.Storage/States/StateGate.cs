namespace Strata.Storage.States;

/// <summary>
/// Lets writers of one state in this process take turns instead of racing: a lost compare-and-swap
/// means rewriting (and syncing) the changed trees again, so four concurrent uploads into one folder
/// would mostly redo each other's work. The swap still guards against writers in other processes.
/// Striped locks keep the memory bounded whatever the number of states.
/// </summary>
public sealed class StateGate : IDisposable
{
    private readonly SemaphoreSlim[] stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<IDisposable> EnterAsync(string stateKey, CancellationToken ct)
    {
        var stripe = stripes[(uint)StringComparer.Ordinal.GetHashCode(stateKey) % (uint)stripes.Length];
        await stripe.WaitAsync(ct);
        return new Turn(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in stripes)
            stripe.Dispose();
    }

    private sealed class Turn(SemaphoreSlim stripe) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                stripe.Release();
        }
    }
}
