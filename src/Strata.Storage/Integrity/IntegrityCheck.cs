using System.Collections.Concurrent;
using System.Security.Cryptography;
using Strata.Storage.Blobs;
using Strata.Storage.Trees;

namespace Strata.Storage.Integrity;

/// <summary>
/// Verifies that every object reachable from a set of roots is stored and hashes to its id, reading each object
/// once from the store itself (never from a cache) and streaming blobs through SHA-256. For each root it names the
/// missing or corrupt objects beneath it, so a report can say which states a damaged object touches. Folders shared
/// by many roots are read once and remembered with what was wrong beneath them. Reads go on in parallel (at most
/// <c>parallelReads</c> at a time): on S3 each one is a request whose latency, not bandwidth, bounds a sequential walk.
/// </summary>
public sealed class IntegrityCheck(ITreeStore trees, IBlobStore blobs, int parallelReads = 8) : IDisposable
{
    private const int ProgressEvery = 1000;
    private const int RootsAtOnce = 32;
    private static readonly ContentId[] Nothing = [];

    private readonly ConcurrentDictionary<ContentId, Lazy<Task<ContentId[]>>> foldersSeen = new();
    private readonly ConcurrentDictionary<ContentId, Lazy<Task<ObjectProblem?>>> blobsSeen = new();
    private readonly ConcurrentDictionary<ContentId, ObjectProblem> problems = new();
    private readonly SemaphoreSlim reads = new(parallelReads);
    private IProgress<long>? progress;
    private long objectsChecked;

    /// <summary>Checks everything under <paramref name="roots"/>; a store that does not answer throws (unavailable), nothing else does.</summary>
    public async Task<IntegrityReport> RunAsync(IEnumerable<ContentId> roots, IProgress<long>? onProgress, CancellationToken ct)
    {
        progress = onProgress;
        var beneath = new Dictionary<ContentId, IReadOnlyList<ContentId>>();
        foreach (var batch in roots.Distinct().Chunk(RootsAtOnce))
        {
            var found = await Task.WhenAll(batch.Select(root => CheckFolderAsync(root, ct)));
            foreach (var (root, bad) in batch.Zip(found))
            {
                if (bad.Length > 0)
                    beneath[root] = bad;
            }
        }
        progress?.Report(Interlocked.Read(ref objectsChecked));
        return new IntegrityReport(Interlocked.Read(ref objectsChecked), [.. problems.Values.OrderBy(p => p.Id)], beneath);
    }

    /// <summary>The damaged objects at or below a folder object (itself when it is the damaged one); each folder is checked once.</summary>
    private Task<ContentId[]> CheckFolderAsync(ContentId id, CancellationToken ct) =>
        foldersSeen.GetOrAdd(id, key => new Lazy<Task<ContentId[]>>(() => CheckFolderOnceAsync(key, ct))).Value;

    private async Task<ContentId[]> CheckFolderOnceAsync(ContentId id, CancellationToken ct)
    {
        var node = await ReadFolderAsync(id, ct);
        if (node is null)
            return [id];
        var below = await Task.WhenAll(Children(node).Select(child => CheckFolderAsync(child, ct)));
        var files = node is Tree folder ? folder.Entries.Where(e => !e.IsFolder).Select(e => e.Id).Distinct().ToList() : [];
        var damagedFiles = await Task.WhenAll(files.Select(blob => CheckBlobAsync(blob, ct)));
        var found = new HashSet<ContentId>(below.SelectMany(b => b));
        found.UnionWith(damagedFiles.Where(p => p is not null).Select(p => p!.Id));
        return found.Count == 0 ? Nothing : [.. found.Order()];
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
        await reads.WaitAsync(ct);
        try
        {
            bytes = await trees.ReadStoredAsync(id, ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            return Found(new ObjectProblem(id, IsFolder: true, ObjectProblemKind.Missing));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A bad sector or a file this process may not read: the object is there but cannot be trusted.
            return Found(new ObjectProblem(id, IsFolder: true, ObjectProblemKind.Corrupt));
        }
        finally
        {
            reads.Release();
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

    private Task<ObjectProblem?> CheckBlobAsync(ContentId id, CancellationToken ct) =>
        blobsSeen.GetOrAdd(id, key => new Lazy<Task<ObjectProblem?>>(() => CheckBlobOnceAsync(key, ct))).Value;

    private async Task<ObjectProblem?> CheckBlobOnceAsync(ContentId id, CancellationToken ct)
    {
        ObjectProblem? problem = null;
        await reads.WaitAsync(ct);
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
            Counted();
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            problem = new ObjectProblem(id, IsFolder: false, ObjectProblemKind.Missing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = new ObjectProblem(id, IsFolder: false, ObjectProblemKind.Corrupt);
        }
        finally
        {
            reads.Release();
        }
        if (problem is not null)
            problems[id] = problem;
        return problem;
    }

    private TreeNode? Found(ObjectProblem problem)
    {
        problems[problem.Id] = problem;
        return null;
    }

    public void Dispose() => reads.Dispose();

    private void Counted()
    {
        if (Interlocked.Increment(ref objectsChecked) % ProgressEvery == 0)
            progress?.Report(Interlocked.Read(ref objectsChecked));
    }
}
