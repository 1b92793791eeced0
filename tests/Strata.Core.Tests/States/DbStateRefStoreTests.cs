using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Tests.States;

public sealed class DbStateRefStoreTests
{
    private const string Key = "instance/test/current";

    [Fact]
    public async Task SwapSucceedsOnlyFromTheExpectedVersion()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedAsync(database);
        IStateRefStore store = new DbStateRefStore(database.NewContext(), TimeProvider.System);
        var next = ContentId.Compute("next"u8);

        Assert.False(await store.TryCompareAndSwapAsync(Key, new StateRef(Tree.EmptyId, 7), next, CancellationToken.None));
        Assert.True(await store.TryCompareAndSwapAsync(Key, new StateRef(Tree.EmptyId, 1), next, CancellationToken.None));
        Assert.False(await store.TryCompareAndSwapAsync(Key, new StateRef(Tree.EmptyId, 1), Tree.EmptyId, CancellationToken.None));

        var state = await store.GetAsync(Key, CancellationToken.None);
        Assert.Equal(new StateRef(next, 2), state);
    }

    [Fact]
    public async Task ConcurrentWritersOnSeparateConnectionsLoseNoUpdate()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedAsync(database);
        var trees = new InMemoryTreeStore();
        var blob = ContentId.Compute("content"u8);

        // Eight writers, each with its own context as separate requests would have, 10 files each.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var states = new StateWriter(trees, new DbStateRefStore(database.NewContext(), TimeProvider.System));
            for (var file = 0; file < 10; file++)
            {
                var path = StoragePath.Parse($"w{writer}/f{file}.txt");
                await states.UpdateAsync(Key, editor => editor.PutFileAsync(path, blob, 7, DateTimeOffset.UnixEpoch, CancellationToken.None), null, CancellationToken.None);
            }
        })));

        var final = await new DbStateRefStore(database.NewContext(), TimeProvider.System).GetAsync(Key, CancellationToken.None);
        var root = await trees.GetAsync(final!.Value.Root, CancellationToken.None);
        Assert.Equal(80, root.FileCount);
        Assert.Equal(81, final.Value.Version);
    }

    [Fact]
    public async Task StaleIfMatchIsAVersionConflictAndChangesNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedAsync(database);
        var states = new StateWriter(new InMemoryTreeStore(), new DbStateRefStore(database.NewContext(), TimeProvider.System));
        var blob = ContentId.Compute("x"u8);
        await states.UpdateAsync(Key, e => e.PutFileAsync(StoragePath.Parse("a.txt"), blob, 1, DateTimeOffset.UnixEpoch, CancellationToken.None), 1, CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            states.UpdateAsync(Key, e => e.PutFileAsync(StoragePath.Parse("b.txt"), blob, 1, DateTimeOffset.UnixEpoch, CancellationToken.None), 1, CancellationToken.None));

        Assert.Equal(StorageException.VersionConflict, error.Code);
        Assert.Equal(2, (await new DbStateRefStore(database.NewContext(), TimeProvider.System).GetAsync(Key, CancellationToken.None))!.Value.Version);
    }

    private static async Task SeedAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        db.StateRefs.Add(new StateRefRow { Key = Key, Root = Tree.EmptyId.ToString(), Version = 1 });
        await db.SaveChangesAsync();
    }
}
