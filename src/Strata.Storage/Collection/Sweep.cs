using Strata.Storage.Objects;
using Strata.Storage.Trees;

namespace Strata.Storage.Collection;

/// <summary>What a pass over the store found and did: objects by kind, and their bytes; unreached objects left because they are recent.</summary>
public sealed record SweepCounts(long Listed, long Blobs, long Trees, long Bytes, long Foreign, long Recent = 0)
{
    public static readonly SweepCounts None = new(0, 0, 0, 0, 0);
}

/// <summary>
/// The collector's passes over the store itself (docs/storage.md, "Garbage collection"): the sweep moves what the mark did
/// not reach to the trash; the purge deletes from the trash what a later mark still did not reach, and puts back what it
/// did. Moves run <c>parallel</c> at a time; listings stream, so memory does not grow with the store.
/// </summary>
public sealed class Sweep(IObjectStore objects, Marker marks, int parallel = 8)
{
    private static readonly string[] Kinds = [ObjectKeys.Blobs, ObjectKeys.Trees];

    /// <summary>
    /// Moves every live object the mark did not reach and that was written before <paramref name="cutoff"/> to the trash;
    /// with <paramref name="dryRun"/>, only counts them.
    /// </summary>
    public async Task<SweepCounts> TrashAsync(DateTimeOffset cutoff, bool dryRun, CancellationToken ct)
    {
        var counter = new Counter();
        foreach (var kind in Kinds)
        {
            await Parallel.ForEachAsync(objects.ListAsync(kind + "/", ct), Options(ct), async (stored, token) =>
            {
                counter.Listed();
                if (Parse(stored.Key) is not { } id)
                {
                    counter.Foreign();
                    return;
                }
                if (IsMarked(id))
                    return;
                if (stored.LastWritten >= cutoff)
                {
                    counter.Recent();
                    return;
                }
                if (!dryRun && !await TryMoveAsync(stored.Key, Trash.KeyOf(stored.Key), token))
                    return;
                counter.Taken(id.Kind, stored.Size);
            });
        }
        return counter.Counts;
    }

    /// <summary>
    /// Every object in the trash: back under its key when the mark reached it; deleted for good otherwise, when
    /// <paramref name="purge"/> (the collector's condition holds). Returns what was deleted and what was put back.
    /// </summary>
    public async Task<(SweepCounts Deleted, long Restored)> PurgeAsync(bool purge, CancellationToken ct)
    {
        var deleted = new Counter();
        long restored = 0;
        await Parallel.ForEachAsync(objects.ListAsync(Trash.Prefix, ct), Options(ct), async (stored, token) =>
        {
            deleted.Listed();
            var live = Trash.LiveKeyOf(stored.Key);
            if (Parse(live) is not { } id)
            {
                deleted.Foreign();
                return;
            }
            if (IsMarked(id))
            {
                if (await TryMoveAsync(stored.Key, live, token))
                    Interlocked.Increment(ref restored);
                return;
            }
            if (!purge)
                return;
            await objects.DeleteAsync(stored.Key, token);
            deleted.Taken(id.Kind, stored.Size);
        });
        return (deleted.Counts, restored);
    }

    /// <summary>Deletes what uploads that died left under <c>tmp/</c> (never referenced by anything) before <paramref name="cutoff"/>.</summary>
    public async Task<SweepCounts> TemporaryAsync(DateTimeOffset cutoff, bool dryRun, CancellationToken ct)
    {
        var counter = new Counter();
        await Parallel.ForEachAsync(objects.ListAsync(ObjectKeys.Temporary + "/", ct), Options(ct), async (stored, token) =>
        {
            counter.Listed();
            if (stored.LastWritten >= cutoff)
                return;
            if (!dryRun)
                await objects.DeleteAsync(stored.Key, token);
            counter.Taken(ObjectKeys.Blobs, stored.Size);
        });
        return counter.Counts;
    }

    private bool IsMarked((string Kind, ContentId Id) found) =>
        found.Kind == ObjectKeys.Trees ? marks.IsMarkedFolder(found.Id) : marks.IsMarkedFile(found.Id);

    /// <summary>The kind and id a key names, or null for anything else (an old layout's leftovers, a stranger's file).</summary>
    private static (string Kind, ContentId Id)? Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash < 0)
            return null;
        var kind = key[..slash];
        if (kind is not (ObjectKeys.Blobs or ObjectKeys.Trees) || !ContentId.TryParse(key[(key.LastIndexOf('/') + 1)..], out var id))
            return null;
        if (ObjectKeys.Of(kind, id) != key)
            return null;
        return id == Tree.EmptyId ? null : (kind, id);
    }

    private async Task<bool> TryMoveAsync(string from, string to, CancellationToken ct)
    {
        try
        {
            await objects.MoveAsync(from, to, ct);
            return true;
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            return false; // a reader put it back, or another pass took it, first
        }
    }

    private ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = parallel, CancellationToken = ct };

    private sealed class Counter
    {
        private long listed, blobs, trees, bytes, foreign, recent;

        public SweepCounts Counts => new(Interlocked.Read(ref listed), Interlocked.Read(ref blobs), Interlocked.Read(ref trees), Interlocked.Read(ref bytes), Interlocked.Read(ref foreign),
            Interlocked.Read(ref recent));

        public void Recent() => Interlocked.Increment(ref recent);

        public void Listed() => Interlocked.Increment(ref listed);

        public void Foreign() => Interlocked.Increment(ref foreign);

        public void Taken(string kind, long size)
        {
            Interlocked.Increment(ref kind == ObjectKeys.Trees ? ref trees : ref blobs);
            Interlocked.Add(ref bytes, size);
        }
    }
}
