using Strata.Storage;
using Strata.Storage.Collection;
using Strata.Storage.Trees;

namespace Strata.Core.Usage;

/// <summary>
/// A root tree and who holds it, at the three levels "what would deleting it free" is asked about: the holder (one
/// snapshot, one instance's current state, one record of a distribution), the instance (or the space's records), the
/// space. Levels are small dense numbers given by the caller.
/// </summary>
public readonly record struct Holding(ContentId Root, int Holder, int Instance, int Space);

/// <summary>
/// Bytes of distinct file contents held by exactly one holder, instance and space of the platform, found in one pass
/// over every live root: each object remembers, per level, the one holder that reaches it or that several do, and a
/// folder is walked again only when what it remembers changes, which happens at most twice per level — so the pass
/// reads each folder a handful of times however many roots share it. A file's size moves from a holder's total to
/// nobody's the moment a second holder reaches it. Memory: one entry per object (files keyed by the first 8 bytes
/// of their id, about 40 bytes each; folders by their whole id). Two files sharing a prefix (odds about n²/2⁶⁵)
/// count as shared: a figure can only come out smaller than the truth, never promise bytes that are not freed.
/// </summary>
public sealed class HeldAlone
{
    private const int Many = -1;

    private readonly ITreeStore trees;
    private readonly Dictionary<long, Holders> files = [];
    private readonly Dictionary<ContentId, Holders> folders = [];

    private HeldAlone(ITreeStore trees, int holders, int instances, int spaces)
    {
        this.trees = trees;
        ByHolder = new long[holders];
        ByInstance = new long[instances];
        BySpace = new long[spaces];
    }

    public long[] ByHolder { get; }

    public long[] ByInstance { get; }

    public long[] BySpace { get; }

    /// <summary>Objects (folders and files) the pass reached.</summary>
    public long ObjectsReached => files.Count + folders.Count;

    public static async Task<HeldAlone> CountAsync(ITreeStore trees, IReadOnlyList<Holding> holdings, int holders, int instances, int spaces,
        IProgress<long>? progress, CancellationToken ct)
    {
        var count = new HeldAlone(trees, holders, instances, spaces);
        foreach (var holding in holdings)
        {
            await count.ReachAsync(holding.Root, new Holders(holding.Holder, holding.Instance, holding.Space), ct);
            progress?.Report(count.ObjectsReached);
        }
        foreach (var totals in new[] { count.ByHolder, count.ByInstance, count.BySpace })
        {
            for (var i = 0; i < totals.Length; i++)
                totals[i] = Math.Max(0, totals[i]); // a prefix collision may take away more than it added
        }
        return count;
    }

    private async Task ReachAsync(ContentId root, Holders from, CancellationToken ct)
    {
        var pending = new Stack<(ContentId Folder, Holders Holders)>();
        pending.Push((root, from));
        while (pending.TryPop(out var next))
        {
            var merged = next.Holders;
            if (folders.TryGetValue(next.Folder, out var known))
            {
                merged = known.Merge(next.Holders);
                if (merged == known)
                    continue; // reached before by the same holders: everything beneath already knows them
            }
            folders[next.Folder] = merged;
            var (files, beneath) = await StoredNodes.ReadAsync(trees, next.Folder, ct);
            foreach (var file in files)
                ReachFile(file.Id, file.Size, merged);
            foreach (var child in beneath)
                pending.Push((child, merged));
        }
    }

    private void ReachFile(ContentId id, long size, Holders from)
    {
        var key = Fingerprints.Of(id);
        if (!files.TryGetValue(key, out var known))
        {
            files[key] = from;
            Add(from.Holder, ByHolder, size);
            Add(from.Instance, ByInstance, size);
            Add(from.Space, BySpace, size);
            return;
        }
        var merged = known.Merge(from);
        if (merged == known)
            return;
        files[key] = merged;
        Shared(known.Holder, merged.Holder, ByHolder, size);
        Shared(known.Instance, merged.Instance, ByInstance, size);
        Shared(known.Space, merged.Space, BySpace, size);
    }

    private static void Add(int who, long[] totals, long size)
    {
        if (who != Many)
            totals[who] += size;
    }

    private static void Shared(int before, int now, long[] totals, long size)
    {
        if (before != Many && now == Many)
            totals[before] -= size;
    }

    /// <summary>Per level, the one holder that reaches an object, or <see cref="Many"/>.</summary>
    private readonly record struct Holders(int Holder, int Instance, int Space)
    {
        public Holders Merge(Holders other) => new(
            Holder == other.Holder ? Holder : Many,
            Instance == other.Instance ? Instance : Many,
            Space == other.Space ? Space : Many);
    }
}
