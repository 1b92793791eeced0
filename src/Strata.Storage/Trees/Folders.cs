namespace Strata.Storage.Trees;

/// <summary>
/// Whole folders over stored nodes: read a folder as one <see cref="Tree"/>, write one, or change some of
/// its entries by rewriting only the chunks they fall in and the indexes above them — O(log n) bytes for
/// one entry of a folder of n, where a single folder object cost O(n).
/// </summary>
public static class Folders
{
    /// <summary>How many chunks of one folder are read at once.</summary>
    private const int ParallelReads = 8;

    /// <summary>The whole folder, its chunks put together.</summary>
    public static async Task<Tree> GetAsync(this ITreeStore store, ContentId id, CancellationToken ct)
    {
        var cache = store as IFolderCache;
        if (cache is not null && cache.TryGetFolder(id, out var known))
            return known;
        var node = await store.GetNodeAsync(id, ct);
        if (node is Tree tree)
            return tree;
        var leaves = await LeavesAsync(store, id, ct);
        // Chunks are read side by side: a wide folder is many small objects, and each read waits on a file or a request.
        var chunks = new Tree[leaves.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, leaves.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (i, token) => chunks[i] = (Tree)await store.GetNodeAsync(leaves[i].Id, token));
        var entries = new List<TreeEntry>((int)Math.Min(int.MaxValue, leaves.Sum(l => l.Entries)));
        foreach (var chunk in chunks)
            entries.AddRange(chunk.Entries);
        var folder = new Tree(entries, sorted: true);
        cache?.RememberFolder(id, folder);
        return folder;
    }

    /// <summary>Stores a whole folder (chunked when wide) and returns its id.</summary>
    public static async Task<ContentId> PutAsync(this ITreeStore store, Tree tree, CancellationToken ct) =>
        (await WriteAsync(store, Tree.EmptyId, tree.Entries.ToDictionary(e => e.Name, e => (TreeEntry?)e, StringComparer.Ordinal), ct)).Id;

    /// <summary>A folder's sizes and counts from its top node, without reading its chunks.</summary>
    public static async Task<FolderSummary> SummaryAsync(this ITreeStore store, ContentId id, CancellationToken ct) =>
        await store.GetNodeAsync(id, ct) switch
        {
            Tree tree => new FolderSummary(tree.TotalSize, tree.FileCount, tree.ModifiedAt, tree.Entries.Count),
            TreeIndex index => ChunkRef.Of(id, index.Children).Summary,
            _ => throw new InvalidDataException($"Folder object {id} is of an unknown kind."),
        };

    /// <summary>The chunks of a folder in name order: none when empty, itself when it is one chunk.</summary>
    public static async Task<IReadOnlyList<ChunkRef>> LeavesAsync(this ITreeStore store, ContentId id, CancellationToken ct)
    {
        switch (await store.GetNodeAsync(id, ct))
        {
            case Tree tree:
                return tree.Entries.Count == 0 ? [] : [ChunkRef.Of(id, tree)];
            case TreeIndex { Level: 1 } index:
                return index.Children;
            case TreeIndex index:
                var leaves = new List<ChunkRef>();
                foreach (var child in index.Children)
                    leaves.AddRange(await LeavesAsync(store, child.Id, ct));
                return leaves;
            default:
                throw new InvalidDataException($"Folder object {id} is of an unknown kind.");
        }
    }

    /// <summary>
    /// Two folders without the chunks they share: a chunk with one id holds the same entries on both sides,
    /// so a diff reads the chunks that differ and the indexes above them, not the whole folders.
    /// </summary>
    public static async Task<(Tree Before, Tree After)> WithoutSharedChunksAsync(this ITreeStore store, ContentId from, ContentId to, CancellationToken ct)
    {
        var before = await ChunksAsync(store, from, ct);
        var after = await ChunksAsync(store, to, ct);
        var shared = before.Select(c => c.Ref.Id).Intersect(after.Select(c => c.Ref.Id)).ToHashSet();
        return (await EntriesAsync(store, before, shared, ct), await EntriesAsync(store, after, shared, ct));
    }

    private static async Task<List<(ChunkRef Ref, Tree? Loaded)>> ChunksAsync(ITreeStore store, ContentId id, CancellationToken ct) =>
        await store.GetNodeAsync(id, ct) switch
        {
            Tree tree => tree.Entries.Count == 0 ? [] : [(ChunkRef.Of(id, tree), tree)],
            TreeIndex { Level: 1 } index => [.. index.Children.Select(leaf => (leaf, (Tree?)null))],
            _ => [.. (await LeavesAsync(store, id, ct)).Select(leaf => (leaf, (Tree?)null))],
        };

    private static async Task<Tree> EntriesAsync(ITreeStore store, List<(ChunkRef Ref, Tree? Loaded)> chunks, HashSet<ContentId> skip, CancellationToken ct)
    {
        var entries = new List<TreeEntry>();
        foreach (var (chunk, loaded) in chunks.Where(c => !skip.Contains(c.Ref.Id)))
            entries.AddRange((loaded ?? (Tree)await store.GetNodeAsync(chunk.Id, ct)).Entries);
        return new Tree(entries);
    }

    /// <summary>The index of the chunk a name belongs in: the first whose last name is not before it, else the last.</summary>
    public static int ChunkFor(IReadOnlyList<ChunkRef> leaves, string name)
    {
        int low = 0, high = leaves.Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (string.CompareOrdinal(leaves[middle].LastName, name) >= 0)
                high = middle;
            else
                low = middle + 1;
        }
        return low;
    }

    /// <summary>
    /// Applies <paramref name="changes"/> (name → new entry, or null to delete) to folder <paramref name="original"/>
    /// and stores the result: chunks no change falls in are kept by id; a changed chunk is re-cut together with
    /// the chunks after it until its cuts fall where the old ones did; indexes are rebuilt over the chunk list.
    /// </summary>
    public static async Task<(ContentId Id, FolderSummary Summary)> WriteAsync(ITreeStore store, ContentId original,
        IReadOnlyDictionary<string, TreeEntry?> changes, CancellationToken ct)
    {
        var leaves = await LeavesAsync(store, original, ct);
        if (leaves.Count == 0)
        {
            if (changes.Count == 0)
                return (Tree.EmptyId, FolderSummary.Empty);
            leaves = [new ChunkRef("", Tree.EmptyId, 0, 0, 0, DateTimeOffset.UnixEpoch)];
        }
        var byLeaf = new Dictionary<int, List<string>>();
        foreach (var name in changes.Keys)
        {
            var at = ChunkFor(leaves, name);
            if (!byLeaf.TryGetValue(at, out var names))
                byLeaf[at] = names = [];
            names.Add(name);
        }
        var result = new List<ChunkRef>(leaves.Count + 1);
        for (var i = 0; i < leaves.Count;)
        {
            if (!byLeaf.ContainsKey(i))
            {
                result.Add(leaves[i++]);
                continue;
            }
            var run = new List<TreeEntry>();
            while (true)
            {
                run.AddRange(await ChangedEntriesAsync(store, leaves[i], byLeaf.GetValueOrDefault(i), changes, ct));
                i++;
                var (chunks, closed) = Chunker.Split(run, e => e.Name, e => Tree.EncodedSize(e.Name), 0);
                if (i < leaves.Count && (!closed || byLeaf.ContainsKey(i)))
                    continue;
                foreach (var chunk in chunks)
                {
                    var tree = new Tree(chunk);
                    result.Add(ChunkRef.Of(await store.PutNodeAsync(tree, ct), tree));
                }
                break;
            }
        }
        return await IndexAsync(store, result, ct);
    }

    private static async Task<IEnumerable<TreeEntry>> ChangedEntriesAsync(ITreeStore store, ChunkRef leaf, List<string>? names,
        IReadOnlyDictionary<string, TreeEntry?> changes, CancellationToken ct)
    {
        var entries = ((Tree)await store.GetNodeAsync(leaf.Id, ct)).Entries;
        if (names is null)
            return entries;
        var merged = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (changes[name] is { } entry)
                merged[name] = entry.Name == name ? entry : entry.Renamed(name);
            else
                merged.Remove(name);
        }
        return merged.Values.OrderBy(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The folder over a list of chunks: nothing, the one chunk itself, or levels of indexes up to one root.</summary>
    private static async Task<(ContentId Id, FolderSummary Summary)> IndexAsync(ITreeStore store, List<ChunkRef> refs, CancellationToken ct)
    {
        if (refs.Count == 0)
            return (Tree.EmptyId, FolderSummary.Empty);
        for (var level = 1; refs.Count > 1; level++)
        {
            // Past a depth no real folder reaches, put everything in one index: still one answer for one content.
            var chunks = level < 32 ? Chunker.Split(refs, r => r.LastName, r => ChunkRef.EncodedSize(r.LastName), level).Chunks : [refs];
            var next = new List<ChunkRef>(chunks.Count);
            foreach (var chunk in chunks)
                next.Add(ChunkRef.Of(await store.PutNodeAsync(new TreeIndex(level, chunk), ct), chunk));
            refs = next;
        }
        return (refs[0].Id, refs[0].Summary);
    }
}
