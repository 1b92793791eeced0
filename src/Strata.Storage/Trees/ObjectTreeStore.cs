using Strata.Storage.Objects;

namespace Strata.Storage.Trees;

/// <summary>
/// Folder objects under <c>trees/ab/cd/&lt;id&gt;</c> of any <see cref="IObjectStore"/>, with this node's
/// byte-bounded <see cref="TreeCache"/> as the folder store has: objects never change, so every node caches them
/// without telling the others.
/// </summary>
public sealed class ObjectTreeStore(IObjectStore objects, long cacheBytes = TreeCache.DefaultBytes) : ITreeStore, IFolderCache, IDisposable
{
    private readonly TreeCache cache = new(cacheBytes);

    public async Task<TreeNode> GetNodeAsync(ContentId id, CancellationToken ct)
    {
        if (cache.TryGet(id, out var cached))
            return cached;
        var node = TreeNode.Decode(await ReadStoredAsync(id, ct));
        cache.Remember(id, node);
        return node;
    }

    public async Task<byte[]> ReadStoredAsync(ContentId id, CancellationToken ct)
    {
        try
        {
            await using var stream = await objects.OpenReadAsync(ObjectKeys.Of(ObjectKeys.Trees, id), range: null, ct);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            return copy.ToArray();
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            throw new StorageException(StorageException.NotFound, $"The folder object {id} is missing from the store.");
        }
    }

    /// <summary>Puts the object unless this node knows it is there: an object put again gets the same bytes, its id being their hash.</summary>
    public async Task<ContentId> PutNodeAsync(TreeNode node, CancellationToken ct)
    {
        var bytes = node.Encode();
        var id = ContentId.Compute(bytes);
        if (cache.Contains(id))
            return id;
        using (var content = new MemoryStream(bytes, writable: false))
            await objects.PutAsync(ObjectKeys.Of(ObjectKeys.Trees, id), content, ct);
        cache.Remember(id, node);
        return id;
    }

    public bool TryGetFolder(ContentId id, out Tree folder) => cache.TryGetFolder(id, out folder);

    public void RememberFolder(ContentId id, Tree folder) => cache.RememberFolder(id, folder);

    public void Dispose() => cache.Dispose();
}
