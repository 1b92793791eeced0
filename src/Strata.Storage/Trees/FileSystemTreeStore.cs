using Microsoft.Extensions.Caching.Memory;

namespace Strata.Storage.Trees;

/// <summary>
/// Folder objects as files under a folder (same atomic write as blobs), with a cache of decoded objects
/// bounded by their size in memory: objects never change, so a cached one is always right, and the
/// least recently used go first when the cache is full.
/// </summary>
public sealed class FileSystemTreeStore : ITreeStore, IFolderCache, IDisposable
{
    /// <summary>The default bound of the cache of decoded folder objects.</summary>
    public const long DefaultCacheBytes = 64L * 1024 * 1024;

    private readonly string root;
    private readonly string tmp;
    private readonly MemoryCache cache;
    private const string Whole = "folder";
    private long bytesWritten;

    public FileSystemTreeStore(string rootDirectory, long cacheBytes = DefaultCacheBytes)
    {
        root = Path.GetFullPath(rootDirectory);
        tmp = Path.Combine(root, "tmp");
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = cacheBytes, CompactionPercentage = 0.25 });
        Directory.CreateDirectory(root);
        AtomicFile.SweepStale(tmp, TimeSpan.FromHours(1));
        Remember(Tree.EmptyId, Tree.Empty);
    }

    /// <summary>Bytes of folder objects written to disk by this process (objects already there are not written again).</summary>
    public long BytesWritten => Interlocked.Read(ref bytesWritten);

    public async Task<TreeNode> GetNodeAsync(ContentId id, CancellationToken ct)
    {
        if (cache.TryGetValue(id, out TreeNode? cached) && cached is not null)
            return cached;
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(AtomicFile.ObjectPath(root, id), ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StorageException(StorageException.NotFound, $"The folder object {id} is missing from the store.");
        }
        var node = TreeNode.Decode(bytes);
        Remember(id, node);
        return node;
    }

    public async Task<ContentId> PutNodeAsync(TreeNode node, CancellationToken ct)
    {
        var bytes = node.Encode();
        var id = ContentId.Compute(bytes);
        if (cache.TryGetValue(id, out _))
            return id;
        var final = AtomicFile.ObjectPath(root, id);
        if (!File.Exists(final))
        {
            var temporary = AtomicFile.NewTemporaryPath(tmp);
            try
            {
                await using (var file = AtomicFile.CreateTemporary(temporary))
                {
                    await file.WriteAsync(bytes, ct);
                    file.Flush(flushToDisk: true);
                }
                AtomicFile.Publish(temporary, final);
                Interlocked.Add(ref bytesWritten, bytes.Length);
            }
            catch (Exception e)
            {
                AtomicFile.DeleteQuietly(temporary);
                if (StorageException.ForFullDisk(e) is { } full)
                    throw full;
                throw;
            }
        }
        Remember(id, node);
        return id;
    }

    public bool TryGetFolder(ContentId id, out Tree folder) => cache.TryGetValue((Whole, id), out folder!) && folder is not null;

    public void RememberFolder(ContentId id, Tree folder) => cache.Set((Whole, id), folder, new MemoryCacheEntryOptions { Size = folder.Weight });

    public void Dispose() => cache.Dispose();

    private void Remember(ContentId id, TreeNode node) =>
        cache.Set(id, node, new MemoryCacheEntryOptions { Size = node.Weight });
}
