namespace Strata.Storage.Trees;

/// <summary>The blobs a set of roots holds alive: what storage accounting (and, later, garbage collection) walks.</summary>
public static class Reachable
{
    /// <summary>
    /// Adds every blob under <paramref name="root"/> to <paramref name="blobs"/> (id → size). Trees already in
    /// <paramref name="seenTrees"/> are skipped, so roots that share subtrees are walked once per call site.
    /// </summary>
    public static async Task AddBlobsAsync(ITreeStore store, ContentId root, Dictionary<ContentId, long> blobs, HashSet<ContentId> seenTrees, CancellationToken ct)
    {
        var pending = new Stack<ContentId>();
        pending.Push(root);
        while (pending.TryPop(out var id))
        {
            if (!seenTrees.Add(id))
                continue;
            foreach (var entry in (await store.GetAsync(id, ct)).Entries)
            {
                if (entry.IsFolder)
                    pending.Push(entry.Id);
                else
                    blobs.TryAdd(entry.Id, entry.Size);
            }
        }
    }
}
