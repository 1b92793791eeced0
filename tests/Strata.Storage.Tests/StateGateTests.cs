using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Storage.Tests;

public sealed class StateGateTests
{
    [Fact]
    public async Task ConcurrentWritersOfOneStateTakeTurnsInsteadOfRedoingEachOthersWork()
    {
        var trees = new InMemoryTreeStore();
        var refs = new InMemoryStateRefStore();
        refs.Create("s", Tree.EmptyId);
        using var gate = new StateGate();
        var writer = new StateWriter(trees, refs, gate: gate);
        var edits = 0;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(n => Task.Run(() => writer.UpdateAsync("s", async editor =>
        {
            Interlocked.Increment(ref edits);
            await Task.Yield();
            return await editor.PutFileAsync(StoragePath.Parse($"f{n}.txt"), ContentId.Compute([(byte)n]), 1, DateTimeOffset.UnixEpoch, CancellationToken.None);
        }, null, CancellationToken.None))));

        Assert.Equal(16, edits);
        var state = await refs.GetAsync("s", CancellationToken.None);
        Assert.Equal(17, state!.Value.Version);
        Assert.Equal(16, (await trees.GetAsync(state.Value.Root, CancellationToken.None)).Entries.Count);
    }
}
