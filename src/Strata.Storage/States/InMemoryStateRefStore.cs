using System.Collections.Concurrent;

namespace Strata.Storage.States;

/// <summary>State pointers in memory, for tests and tools.</summary>
public sealed class InMemoryStateRefStore : IStateRefStore
{
    private readonly ConcurrentDictionary<string, StateRef> refs = new(StringComparer.Ordinal);

    public void Create(string stateKey, ContentId root) => refs[stateKey] = new StateRef(root, 1);

    public Task<StateRef?> GetAsync(string stateKey, CancellationToken ct) =>
        Task.FromResult(refs.TryGetValue(stateKey, out var found) ? found : (StateRef?)null);

    /// <summary>Without a database there is no transaction: <paramref name="alongside"/> runs first, and a failure there leaves the pointer as it was.</summary>
    public async Task<bool> TryCompareAndSwapAsync(string stateKey, StateRef expected, ContentId newRoot, Func<CancellationToken, Task>? alongside, CancellationToken ct)
    {
        if (!refs.TryGetValue(stateKey, out var current) || current.Version != expected.Version)
            return false;
        if (alongside is not null)
            await alongside(ct);
        return refs.TryUpdate(stateKey, new StateRef(newRoot, expected.Version + 1), current);
    }

    /// <summary>Without a database there is no transaction to open: the work runs as it is.</summary>
    public Task InTransactionAsync(Func<CancellationToken, Task> work, CancellationToken ct) => work(ct);
}
