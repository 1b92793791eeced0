using System.Collections.Concurrent;

namespace Strata.Storage.Trees;

/// <summary>Folder objects in memory: for tests and tools that need no durability.</summary>
public sealed class InMemoryTreeStore : ITreeStore
{
    private readonly ConcurrentDictionary<ContentId, TreeNode> nodes = new() { [Tree.EmptyId] = Tree.Empty };
    private long bytesWritten;

    public int Count => nodes.Count;

    /// <summary>Bytes of the objects stored so far that were not there already.</summary>
    public long BytesWritten => Interlocked.Read(ref bytesWritten);

    public Task<TreeNode> GetNodeAsync(ContentId id, CancellationToken ct) =>
        nodes.TryGetValue(id, out var node)
            ? Task.FromResult(node)
            : throw new StorageException(StorageException.NotFound, $"The folder object {id} is missing from the store.");

    public async Task<byte[]> ReadStoredAsync(ContentId id, CancellationToken ct) => (await GetNodeAsync(id, ct)).Encode();

    public Task<ContentId> PutNodeAsync(TreeNode node, CancellationToken ct)
    {
        var bytes = node.Encode();
        var id = ContentId.Compute(bytes);
        if (nodes.TryAdd(id, node))
            Interlocked.Add(ref bytesWritten, bytes.Length);
        return Task.FromResult(id);
    }
}
