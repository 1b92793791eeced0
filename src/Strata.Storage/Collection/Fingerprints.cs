namespace Strata.Storage.Collection;

/// <summary>
/// The blobs a mark reached, held as the first 8 bytes of each id in one sorted array: 8 bytes an object instead of
/// the 40 or more a set of whole ids costs, so 10 million blobs take 80 MB (160 MB while sorting). Ids are SHA-256
/// hashes, so prefixes are uniform; two ids sharing a prefix (odds about n²/2⁶⁵: 3·10⁻⁶ at 10 million) make the
/// unreached one look reached, and it is kept: a false answer here only ever keeps garbage, never deletes a live
/// object. Added to in any order (duplicates welcome), sealed once before it is asked.
/// </summary>
public sealed class Fingerprints
{
    private const int ChunkLength = 1 << 20;
    private readonly List<long[]> chunks = [];
    private int filled = ChunkLength;
    private long[] sorted = [];
    private bool sealedNow = true;

    /// <summary>Distinct fingerprints once sealed.</summary>
    public long Count => sorted.LongLength;

    public static long Of(ContentId id)
    {
        Span<byte> bytes = stackalloc byte[ContentId.ByteLength];
        id.WriteTo(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes);
    }

    public void Add(ContentId id)
    {
        if (filled == ChunkLength)
        {
            chunks.Add(new long[ChunkLength]);
            filled = 0;
        }
        chunks[^1][filled++] = Of(id);
        sealedNow = false;
    }

    /// <summary>Sorts what was added since the last seal into the array (without duplicates) and lets the chunks go.</summary>
    public void Seal()
    {
        if (sealedNow)
            return;
        var added = (long)(chunks.Count - 1) * ChunkLength + filled;
        var all = new long[sorted.LongLength + added];
        Array.Copy(sorted, all, sorted.LongLength);
        var at = sorted.LongLength;
        sorted = [];
        foreach (var chunk in chunks)
        {
            var length = ReferenceEquals(chunk, chunks[^1]) ? filled : ChunkLength;
            Array.Copy(chunk, 0, all, at, length);
            at += length;
        }
        chunks.Clear();
        filled = ChunkLength;
        Array.Sort(all);
        long distinct = 0;
        for (long i = 0; i < all.LongLength; i++)
        {
            if (distinct == 0 || all[i] != all[distinct - 1])
                all[distinct++] = all[i];
        }
        Array.Resize(ref all, (int)distinct);
        sorted = all;
        sealedNow = true;
    }

    public bool Contains(ContentId id)
    {
        if (!sealedNow)
            throw new InvalidOperationException("Seal the fingerprints before asking them.");
        return Array.BinarySearch(sorted, Of(id)) >= 0;
    }
}
