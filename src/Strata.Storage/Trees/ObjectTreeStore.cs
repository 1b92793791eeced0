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
        if (id == Tree.EmptyId)
            return Tree.Empty; // known to every node, never stored: no cache eviction can make it missing
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
            var key = ObjectKeys.Of(ObjectKeys.Trees, id);
            await using var stream = await Trash.ReadRestoringAsync(objects, key, () => objects.OpenReadAsync(key, range: null, ct), ct);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            return copy.ToArray();
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            throw new StorageException(StorageException.NotFound, $"The folder object {id} is missing from the store.");
        }
    }

    /// <summary>
    /// Puts the object unless the store holds it now. This node's cache is not asked: it may remember an object the
    /// collector has taken since, and a write must never rely on one that is not under its key (docs/storage.md).
    /// </summary>
    public async Task<ContentId> PutNodeAsync(TreeNode node, CancellationToken ct)
    {
        var bytes = node.Encode();
        var id = ContentId.Compute(bytes);
        var key = ObjectKeys.Of(ObjectKeys.Trees, id);
        if (id == Tree.EmptyId || await objects.ExistsAsync(key, ct))
        {
            cache.Remember(id, node);
            return id;
        }
        using (var content = new MemoryStream(bytes, writable: false))
            await objects.PutAsync(key, content, ct);
        cache.Remember(id, node);
        return id;
    }

    public bool TryGetFolder(ContentId id, out Tree folder) => cache.TryGetFolder(id, out folder);

    public void RememberFolder(ContentId id, Tree folder) => cache.RememberFolder(id, folder);

    public void Dispose() => cache.Dispose();
}
