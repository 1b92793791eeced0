namespace Strata.Storage.States;

/// <summary>Where a state's tree is now, and how many times it has changed.</summary>
public readonly record struct StateRef(ContentId Root, long Version);

/// <summary>
/// The mutable pointers of states. A change is a compare-and-swap on the version, so two writers
/// can never both win from the same starting point. The server keeps these in its database.
/// </summary>
public interface IStateRefStore
{
    Task<StateRef?> GetAsync(string stateKey, CancellationToken ct);

    /// <summary>
    /// Sets the root and increments the version, only if the state is still <paramref name="expected"/> (its version
    /// decides; its root is the one the change drops, which garbage collection keeps marking from for a while).
    /// </summary>
    Task<bool> TryCompareAndSwapAsync(string stateKey, StateRef expected, ContentId newRoot, CancellationToken ct) =>
        TryCompareAndSwapAsync(stateKey, expected, newRoot, alongside: null, ct);

    /// <summary>
    /// As the swap above, and <paramref name="alongside"/> (the rows the change implies: snapshots, audit,
    /// outcome) runs after it in the same transaction: either the swap and all of it commit, or none does.
    /// </summary>
    Task<bool> TryCompareAndSwapAsync(string stateKey, StateRef expected, ContentId newRoot, Func<CancellationToken, Task>? alongside, CancellationToken ct);

    /// <summary>Runs <paramref name="work"/> (which creates state pointers and the rows that go with them) in one transaction.</summary>
    Task InTransactionAsync(Func<CancellationToken, Task> work, CancellationToken ct);
}
