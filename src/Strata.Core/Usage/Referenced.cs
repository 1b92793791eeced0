using Strata.Storage;
using Strata.Storage.Collection;
using Strata.Storage.Trees;

namespace Strata.Core.Usage;

/// <summary>
/// Bytes of distinct file contents each instance and each space references (a file held by several states of an
/// instance, or by several instances of a space, counts once): a walk of each instance's roots that reads each of its
/// folders once, the space's set of files filled along the way. Files are held as 8-byte prefixes of their ids.
/// </summary>
public static class Referenced
{
    public static async Task<(long[] ByInstance, long[] BySpace)> CountAsync(ITreeStore trees, IReadOnlyList<Holding> holdings, int instances, int spaces,
        IProgress<long>? progress, CancellationToken ct)
    {
        var byInstance = new long[instances];
        var bySpace = new long[spaces];
        long reached = 0;
        foreach (var space in holdings.GroupBy(h => h.Space))
        {
            var spaceFiles = new HashSet<long>();
            foreach (var instance in space.GroupBy(h => h.Instance))
            {
                var seenFolders = new HashSet<ContentId>();
                var instanceFiles = new HashSet<long>();
                var pending = new Stack<ContentId>(instance.Select(h => h.Root));
                while (pending.TryPop(out var folder))
                {
                    if (!seenFolders.Add(folder))
                        continue;
                    var (files, beneath) = await StoredNodes.ReadAsync(trees, folder, ct);
                    foreach (var child in beneath)
                        pending.Push(child);
                    foreach (var entry in files)
                    {
                        var key = Fingerprints.Of(entry.Id);
                        if (instanceFiles.Add(key))
                            byInstance[instance.Key] += entry.Size;
                        if (spaceFiles.Add(key))
                            bySpace[space.Key] += entry.Size;
                    }
                }
                reached += seenFolders.Count + instanceFiles.Count;
                progress?.Report(reached);
            }
        }
        return (byInstance, bySpace);
    }
}
