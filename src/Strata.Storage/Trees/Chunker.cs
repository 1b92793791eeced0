using System.Text;

namespace Strata.Storage.Trees;

/// <summary>
/// Where a wide folder is cut into chunks: after a name whose hash (salted by the index level) has its
/// low six bits zero — one name in 64 — or when a chunk reaches 16 KB. Boundaries depend on the names
/// alone, never on the order edits came in, so equal folders chunk equally; and an edit moves at most the
/// boundaries of the chunk it lands in. (The idea of Dolt's prolly trees; the rule is Strata's own.)
/// </summary>
internal static class Chunker
{
    private const ulong BoundaryMask = 63;

    internal const int MaxChunkBytes = 16 * 1024;

    public static bool IsBoundary(string name, int level) => (Hash(name, level) & BoundaryMask) == 0;

    /// <summary>Cuts <paramref name="items"/> into chunks; Closed says whether the last chunk ends on a boundary.</summary>
    public static (List<List<T>> Chunks, bool Closed) Split<T>(IReadOnlyList<T> items, Func<T, string> name, Func<T, int> size, int level)
    {
        var chunks = new List<List<T>>();
        var current = new List<T>();
        var bytes = 0;
        foreach (var item in items)
        {
            current.Add(item);
            bytes += size(item);
            if (bytes >= MaxChunkBytes || IsBoundary(name(item), level))
            {
                chunks.Add(current);
                current = [];
                bytes = 0;
            }
        }
        var closed = current.Count == 0;
        if (!closed)
            chunks.Add(current);
        return (chunks, closed);
    }

    /// <summary>FNV-1a over the level and the name's UTF-8 bytes, then a 64-bit finaliser so the low bits are well mixed. Part of the stored format: never change it.</summary>
    private static ulong Hash(string name, int level)
    {
        var hash = 14695981039346656037UL;
        hash = (hash ^ (byte)level) * 1099511628211UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
            hash = (hash ^ b) * 1099511628211UL;
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
