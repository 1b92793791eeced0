using System.Collections.Concurrent;

namespace Strata.Storage.Trees;

/// <summary>
/// Trees as files under a folder (same atomic write as blobs), with a bounded cache of parsed trees:
/// trees never change, so a cached tree is always right.
/// </summary>
public sealed class FileSystemTreeStore : ITreeStore
{
    private readonly string root;
    private readonly string tmp;
    private readonly int cacheLimit;
    private readonly ConcurrentDictionary<ContentId, Tree> cache = new();

    public FileSystemTreeStore(string rootDirectory, int cacheLimit = 50_000)
    {
        root = Path.GetFullPath(rootDirectory);
        tmp = Path.Combine(root, "tmp");
        this.cacheLimit = cacheLimit;
        Directory.CreateDirectory(root);
        AtomicFile.SweepStale(tmp, TimeSpan.FromHours(1));
        cache[Tree.EmptyId] = Tree.Empty;
    }

    public async Task<Tree> GetAsync(ContentId id, CancellationToken ct)
    {
        if (cache.TryGetValue(id, out var cached))
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
        var tree = Tree.Decode(bytes);
        Remember(id, tree);
        return tree;
    }

    public async Task<ContentId> PutAsync(Tree tree, CancellationToken ct)
    {
        var bytes = tree.Encode();
        var id = ContentId.Compute(bytes);
        if (cache.ContainsKey(id))
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
            }
            catch
            {
                AtomicFile.DeleteQuietly(temporary);
                throw;
            }
        }
        Remember(id, tree);
        return id;
    }

    private void Remember(ContentId id, Tree tree)
    {
        // Crude but bounded: when full, start over; hot trees come back on the next read.
        if (cache.Count >= cacheLimit)
            cache.Clear();
        cache[id] = tree;
    }
}
