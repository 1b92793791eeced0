using Strata.Storage.Trees;

namespace Strata.Storage.Collection;

/// <summary>
/// The mark of a collection: walks every folder object under the roots it is given, breadth first with
/// <c>parallelReads</c> reads in flight (on S3 each read is a request, and its latency bounds a walk one at a time),
/// reading each from the store itself (never a cache, which it would flood). Folders reached are held exactly (a set of
/// whole ids: skipping a folder by mistake would lose everything under it); files as <see cref="Fingerprints"/>.
/// Marking again with more roots walks only what the first walk did not reach. A folder that cannot be found beneath a
/// live root is recorded, and the collector then deletes nothing: what lies beneath it is unknown. Beneath a root that
/// is only kept for changes in flight (a dropped one), a folder may have been collected already: that is not damage.
/// </summary>
public sealed class Marker(ITreeStore trees, int parallelReads = 8)
{
    private readonly object sync = new();
    private readonly HashSet<ContentId> folders = [Tree.EmptyId];
    private readonly Fingerprints files = new();
    private readonly List<ContentId> missing = [];
    private long fileReferences;

    /// <summary>Folder objects reached (the empty folder, which every node knows and none stores, not counted).</summary>
    public long FoldersMarked => folders.Count - 1;

    /// <summary>Distinct files reached (exact up to fingerprint collisions, which only make it smaller).</summary>
    public long FilesMarked => files.Count;

    public long ObjectsMarked => FoldersMarked + FilesMarked;

    public IReadOnlyList<ContentId> Missing => missing;

    public async Task MarkAsync(IEnumerable<ContentId> roots, IProgress<long>? progress, CancellationToken ct, bool missingIsDamage = true)
    {
        var frontier = roots.Where(folders.Add).ToList();
        while (frontier.Count > 0)
        {
            var next = new List<ContentId>();
            var options = new ParallelOptions { MaxDegreeOfParallelism = parallelReads, CancellationToken = ct };
            await Parallel.ForEachAsync(frontier, options, async (id, token) =>
            {
                var node = await ReadAsync(id, token);
                lock (sync)
                    Take(id, node, next, missingIsDamage);
            });
            frontier = next;
            progress?.Report(FoldersMarked + Interlocked.Read(ref fileReferences));
        }
        files.Seal();
        progress?.Report(ObjectsMarked);
    }

    /// <summary>Marks files held by something other than a folder (content uploaded for a batch that has not referenced it yet).</summary>
    public void MarkFiles(IEnumerable<ContentId> ids)
    {
        foreach (var id in ids)
            files.Add(id);
        files.Seal();
    }

    public bool IsMarkedFolder(ContentId id) => folders.Contains(id);

    public bool IsMarkedFile(ContentId id) => files.Contains(id);

    private void Take(ContentId id, TreeNode? node, List<ContentId> next, bool missingIsDamage)
    {
        switch (node)
        {
            case null when missingIsDamage:
                missing.Add(id);
                break;
            case Tree folder:
                foreach (var entry in folder.Entries)
                {
                    if (!entry.IsFolder)
                    {
                        files.Add(entry.Id);
                        fileReferences++;
                    }
                    else if (folders.Add(entry.Id))
                    {
                        next.Add(entry.Id);
                    }
                }
                break;
            case TreeIndex index:
                foreach (var chunk in index.Children)
                {
                    if (folders.Add(chunk.Id))
                        next.Add(chunk.Id);
                }
                break;
        }
    }

    private async Task<TreeNode?> ReadAsync(ContentId id, CancellationToken ct)
    {
        try
        {
            return TreeNode.Decode(await trees.ReadStoredAsync(id, ct));
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            return null; // a damaged folder object hides what is under it just as a missing one does
        }
    }
}
