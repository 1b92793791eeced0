using Strata.Storage.Trees;

namespace Strata.Storage.States;

/// <summary>
/// Changes a state: read its pointer, edit the tree, write the changed folders, swap the pointer.
/// With If-Match the caller's version must still hold; without, a lost race is retried from the
/// new state, so concurrent writers never lose an update.
/// </summary>
public sealed class StateWriter(ITreeStore trees, IStateRefStore refs, TimeProvider? clock = null, StateGate? gate = null, FaultPoints? faults = null,
    StateLimits? limits = null)
{
    private const int MaxAttempts = 20;
    private static readonly FaultPoints NoFaults = new();
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    public Task<(StateRef State, T Result)> UpdateAsync<T>(string stateKey, Func<TreeEditor, Task<T>> edit, long? ifMatchVersion, CancellationToken ct) =>
        UpdateAsync(stateKey, edit, ifMatchVersion, alongside: null, ct);

    /// <summary>
    /// The one way a state changes. Trees are written first, outside any transaction; then the swap and
    /// <paramref name="alongside"/> (given the state before and after, and the edit's result: it records the
    /// rows the change implies) commit together or not at all. A lost race runs the edit again from the
    /// new state; <paramref name="alongside"/> runs only for the attempt that wins.
    /// </summary>
    public Task<(StateRef State, T Result)> UpdateAsync<T>(string stateKey, Func<TreeEditor, Task<T>> edit, long? ifMatchVersion,
        Func<StateRef, StateRef, T, CancellationToken, Task>? alongside, CancellationToken ct) =>
        UpdateAsync(stateKey, edit, ifMatchVersion, vet: null, alongside, ct);

    /// <summary>
    /// As above, and <paramref name="vet"/> (given the root before and the root after) runs once the new trees are
    /// written and before the swap's transaction begins: for checks that read trees (a quota walks the state), which
    /// must not hold the database's write lock while they read. Throwing there refuses the change; nothing moves.
    /// </summary>
    public async Task<(StateRef State, T Result)> UpdateAsync<T>(string stateKey, Func<TreeEditor, Task<T>> edit, long? ifMatchVersion,
        Func<ContentId, ContentId, CancellationToken, Task>? vet, Func<StateRef, StateRef, T, CancellationToken, Task>? alongside, CancellationToken ct)
    {
        var points = faults ?? NoFaults;
        using var turn = gate is null ? null : await gate.EnterAsync(stateKey, ct);
        for (var attempt = 1; ; attempt++)
        {
            var current = await refs.GetAsync(stateKey, ct)
                ?? throw new StorageException(StorageException.NotFound, $"There is no state \"{stateKey}\".");
            if (ifMatchVersion is { } expected && expected != current.Version)
                throw VersionConflict(current.Version);
            var editor = new TreeEditor(trees, current.Root, time);
            var result = await edit(editor);
            var (root, summary) = await editor.CommitAsync(ct);
            if (root == current.Root)
                return (current, result);
            (limits ?? StateLimits.Default).Check(await trees.SummaryAsync(current.Root, ct), summary);
            if (vet is not null)
                await vet(current.Root, root, ct);
            await points.AtAsync(FaultPoints.TreesWritten, ct);
            var after = new StateRef(root, current.Version + 1);
            var swapped = await refs.TryCompareAndSwapAsync(stateKey, current, root, async token =>
            {
                await points.AtAsync(FaultPoints.Swapped, token);
                if (alongside is not null)
                    await alongside(current, after, result, token);
                await points.AtAsync(FaultPoints.BeforeCommit, token);
            }, ct);
            if (swapped)
            {
                await points.AtAsync(FaultPoints.Committed, ct);
                return (after, result);
            }
            if (ifMatchVersion is not null)
                throw VersionConflict(current.Version + 1);
            if (attempt >= MaxAttempts)
                throw new StorageException(StorageException.VersionConflict, "The state kept changing while this write was applied. Try again.");
            await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
        }
    }

    /// <summary>
    /// The one way states come into being (a new instance, with or without content). Their trees are written
    /// already (an editor committed them); <paramref name="create"/> adds the pointers and the rows that go with
    /// them (instance, invitations, audit), and all of it commits in one transaction, or none of it does.
    /// </summary>
    public async Task CreateAsync(Func<CancellationToken, Task> create, CancellationToken ct)
    {
        var points = faults ?? NoFaults;
        await points.AtAsync(FaultPoints.TreesWritten, ct);
        await refs.InTransactionAsync(async token =>
        {
            await create(token);
            await points.AtAsync(FaultPoints.BeforeCommit, token);
        }, ct);
        await points.AtAsync(FaultPoints.Committed, ct);
    }

    /// <summary>The one refusal of a write whose If-Match version no longer holds.</summary>
    public static StorageException VersionConflict(long version) =>
        new(StorageException.VersionConflict, $"The state changed meanwhile (it is at version {version} now). Reload it and try again.");
}
