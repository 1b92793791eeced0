namespace Strata.Storage.Trees;

/// <summary>
/// Folder objects as files under a folder (same atomic write as blobs), with this node's
/// <see cref="TreeCache"/> of decoded objects.
/// </summary>
public sealed class FileSystemTreeStore : ITreeStore, IFolderCache, IDisposable
{
    private readonly string root;
    private readonly string tmp;
    private readonly TreeCache cache;
    private long bytesWritten;

    public FileSystemTreeStore(string rootDirectory, long cacheBytes = TreeCache.DefaultBytes)
    {
        root = Path.GetFullPath(rootDirectory);
        tmp = Path.Combine(root, "tmp");
        cache = new TreeCache(cacheBytes);
        Directory.CreateDirectory(root);
        AtomicFile.SweepStale(tmp, TimeSpan.FromHours(1));
    }

    /// <summary>Bytes of folder objects written to disk by this process (objects already there are not written again).</summary>
    public long BytesWritten => Interlocked.Read(ref bytesWritten);

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
            return await File.ReadAllBytesAsync(AtomicFile.ObjectPath(root, id), ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StorageException(StorageException.NotFound, $"The folder object {id} is missing from the store.");
        }
    }

    public async Task<ContentId> PutNodeAsync(TreeNode node, CancellationToken ct)
    {
        var bytes = node.Encode();
        var id = ContentId.Compute(bytes);
        if (cache.Contains(id))
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
        cache.Remember(id, node);
        return id;
    }

    public bool TryGetFolder(ContentId id, out Tree folder) => cache.TryGetFolder(id, out folder);

    public void RememberFolder(ContentId id, Tree folder) => cache.RememberFolder(id, folder);

    public void Dispose() => cache.Dispose();
}
