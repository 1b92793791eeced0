using Amazon.S3;
using Strata.Storage.Trees;

namespace Strata.Storage.S3;

/// <summary>
/// Folder objects as objects in the bucket (under trees/, keyed by id like the folder store), with this node's
/// <see cref="TreeCache"/>: objects are immutable, so every node caches them without telling the others.
/// </summary>
public sealed class S3TreeStore : ITreeStore, IFolderCache, IDisposable
{
    private readonly S3Objects objects;
    private readonly TreeCache cache;

    public S3TreeStore(IAmazonS3 client, S3Address location, long cacheBytes = TreeCache.DefaultBytes)
    {
        objects = new S3Objects(client, location);
        cache = new TreeCache(cacheBytes);
    }

    public async Task<TreeNode> GetNodeAsync(ContentId id, CancellationToken ct)
    {
        if (cache.TryGet(id, out var cached))
            return cached;
        byte[] bytes;
        try
        {
            bytes = await objects.ReadAllAsync(objects.KeyOf("trees", id), ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            throw new StorageException(StorageException.NotFound, $"The folder object {id} is missing from the store.");
        }
        var node = TreeNode.Decode(bytes);
        cache.Remember(id, node);
        return node;
    }

    /// <summary>Puts the object (an object already there gets the same bytes again: ids are content hashes).</summary>
    public async Task<ContentId> PutNodeAsync(TreeNode node, CancellationToken ct)
    {
        var bytes = node.Encode();
        var id = ContentId.Compute(bytes);
        if (cache.Contains(id))
            return id;
        await objects.PutAsync(objects.KeyOf("trees", id), bytes, ct);
        cache.Remember(id, node);
        return id;
    }

    public bool TryGetFolder(ContentId id, out Tree folder) => cache.TryGetFolder(id, out folder);

    public void RememberFolder(ContentId id, Tree folder) => cache.RememberFolder(id, folder);

    public void Dispose() => cache.Dispose();
}
