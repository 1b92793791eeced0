using System.Collections.Concurrent;

namespace Strata.Storage.Trees;

/// <summary>Trees in memory: for tests and tools that need no durability.</summary>
public sealed class InMemoryTreeStore : ITreeStore
{
    private readonly ConcurrentDictionary<ContentId, Tree> trees = new() { [Tree.EmptyId] = Tree.Empty };

    public int Count => trees.Count;

    public Task<Tree> GetAsync(ContentId id, CancellationToken ct) =>
        trees.TryGetValue(id, out var tree)
            ? Task.FromResult(tree)
            : throw new StorageException(StorageException.NotFound, $"The folder object {id} is missing from the store.");

    public Task<ContentId> PutAsync(Tree tree, CancellationToken ct)
    {
        var id = tree.ComputeId();
        trees.TryAdd(id, tree);
        return Task.FromResult(id);
    }
}
