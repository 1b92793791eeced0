using System.Collections.Concurrent;
using System.Security.Cryptography;
using Strata.Storage.Blobs;
using Strata.Storage.Trees;

namespace Strata.Storage.Integrity;

/// <summary>
/// Verifies that every object reachable from a set of roots is stored and hashes to its id, reading each object
/// once from the store itself (never from a cache) and streaming blobs through SHA-256. For each root it names the
/// missing or corrupt objects beneath it, so a report can say which states a damaged object touches. Folders shared
/// by many roots are read once and remembered with what was wrong beneath them.
/// </summary>
public sealed class IntegrityCheck(ITreeStore trees, IBlobStore blobs, int parallelBlobReads = 4)
{
    private const int ProgressEvery = 1000;
    private static readonly ContentId[] Nothing = [];

    private readonly Dictionary<ContentId, ContentId[]> foldersSeen = [];
    private readonly ConcurrentDictionary<ContentId, ObjectProblem?> blobsSeen = new();
    private readonly ConcurrentDictionary<ContentId, ObjectProblem> problems = new();
    private IProgress<long>? progress;
    private long objectsChecked;

    /// <summary>Checks everything under <paramref name="roots"/>; a store that does not answer throws (unavailable), nothing else does.</summary>
    public async Task<IntegrityReport> RunAsync(IEnumerable<ContentId> roots, IProgress<long>? onProgress, CancellationToken ct)
    {
        progress = onProgress;
        var beneath = new Dictionary<ContentId, IReadOnlyList<ContentId>>();
        foreach (var root in roots.Distinct())
        {
            var bad = await CheckFolderAsync(root, ct);
            if (bad.Length > 0)
                beneath[root] = bad;
        }
        progress?.Report(Interlocked.Read(ref objectsChecked));
        return new IntegrityReport(Interlocked.Read(ref objectsChecked), [.. problems.Values.OrderBy(p => p.Id)], beneath);
    }

    /// <summary>The damaged objects at or below a folder object (itself when it is the damaged one).</summary>
    private async Task<ContentId[]> CheckFolderAsync(ContentId id, CancellationToken ct)
    {
        if (foldersSeen.TryGetValue(id, out var known))
            return known;
        var node = await ReadFolderAsync(id, ct);
        ContentId[] bad;
        if (node is null)
        {
            bad = [id];
        }
        else
        {
            var found = new HashSet<ContentId>();
            foreach (var child in Children(node))
                found.UnionWith(await CheckFolderAsync(child, ct));
            if (node is Tree folder)
            {
                var files = folder.Entries.Where(e => !e.IsFolder).Select(e => e.Id).Distinct().ToList();
                await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = parallelBlobReads, CancellationToken = ct }, async (blob, token) =>
                {
                    if (await CheckBlobAsync(blob, token) is not null)
                    {
                        lock (found)
                            found.Add(blob);
                    }
                });
            }
            bad = found.Count == 0 ? Nothing : [.. found.Order()];
        }
        foldersSeen[id] = bad;
        return bad;
    }

    /// <summary>Sub-folders of a folder, or the chunks of a wide folder's index.</summary>
    private static IEnumerable<ContentId> Children(TreeNode node) => node switch
    {
        Tree folder => folder.Entries.Where(e => e.IsFolder).Select(e => e.Id).Distinct(),
        TreeIndex index => index.Children.Select(c => c.Id).Distinct(),
        _ => [],
    };

    private async Task<TreeNode?> ReadFolderAsync(ContentId id, CancellationToken ct)
    {
        if (id == Tree.EmptyId)
            return Tree.Empty; // known to every node without being read, so it need not be stored
        byte[] bytes;
        try
        {
            bytes = await trees.ReadStoredAsync(id, ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            return Found(new ObjectProblem(id, IsFolder: true, ObjectProblemKind.Missing));
        }
        Counted();
        if (ContentId.Compute(bytes) != id)
            return Found(new ObjectProblem(id, IsFolder: true, ObjectProblemKind.Corrupt));
        try
        {
            return TreeNode.Decode(bytes);
        }
        catch (InvalidDataException)
        {
            return Found(new ObjectProblem(id, IsFolder: true, ObjectProblemKind.Corrupt));
        }
    }

    private async Task<ObjectProblem?> CheckBlobAsync(ContentId id, CancellationToken ct)
    {
        if (blobsSeen.TryGetValue(id, out var known))
            return known;
        ObjectProblem? problem = null;
        try
        {
            await using var content = await blobs.OpenReadAsync(id, ct);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
                hash.AppendData(buffer.AsSpan(0, read));
            if (ContentId.FromHash(hash.GetHashAndReset()) != id)
                problem = new ObjectProblem(id, IsFolder: false, ObjectProblemKind.Corrupt);
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            problem = new ObjectProblem(id, IsFolder: false, ObjectProblemKind.Missing);
        }
        if (problem is not null)
            problems[id] = problem;
        if (blobsSeen.TryAdd(id, problem))
            Counted();
        return problem;
    }

    private TreeNode? Found(ObjectProblem problem)
    {
        problems[problem.Id] = problem;
        return null;
    }

    private void Counted()
    {
        if (Interlocked.Increment(ref objectsChecked) % ProgressEvery == 0)
            progress?.Report(Interlocked.Read(ref objectsChecked));
    }
}
