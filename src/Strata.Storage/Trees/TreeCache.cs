using Microsoft.Extensions.Caching.Memory;

namespace Strata.Storage.Trees;

/// <summary>
/// One node's decoded folder objects, and wide folders put together from their chunks, bounded by their size
/// in memory (a library cache with sizes: the least recently used go first when it is full, never a count).
/// Objects never change, so a cached one is always right and nodes need not tell each other anything.
/// </summary>
public sealed class TreeCache : IDisposable
{
    /// <summary>The default bound: enough for the folders a busy course reads, small beside the server.</summary>
    public const long DefaultBytes = 64L * 1024 * 1024;

    private const string Whole = "folder";
    private readonly MemoryCache cache;

    public TreeCache(long bytes = DefaultBytes)
    {
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = bytes, CompactionPercentage = 0.25 });
        Remember(Tree.EmptyId, Tree.Empty);
    }

    public bool TryGet(ContentId id, out TreeNode node) => cache.TryGetValue(id, out node!) && node is not null;

    public bool Contains(ContentId id) => cache.TryGetValue(id, out _);

    public void Remember(ContentId id, TreeNode node) => cache.Set(id, node, new MemoryCacheEntryOptions { Size = node.Weight });

    public bool TryGetFolder(ContentId id, out Tree folder) => cache.TryGetValue((Whole, id), out folder!) && folder is not null;

    public void RememberFolder(ContentId id, Tree folder) => cache.Set((Whole, id), folder, new MemoryCacheEntryOptions { Size = folder.Weight });

    public void Dispose() => cache.Dispose();
}
