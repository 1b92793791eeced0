using System.Text;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.States;

/// <summary>
/// A move or copy carries a whole folder to its new path: every path inside it grows by the difference, so
/// each must still fit SPEC §4's limit, not only the destination. Only a destination longer than the source
/// can break it, and only then is the folder walked (each distinct subtree once).
/// </summary>
internal static class CarriedPaths
{
    public static async Task EnsureFitAsync(ITreeStore trees, TreeEntry? entry, StoragePath from, StoragePath to, CancellationToken ct)
    {
        if (entry is not { IsFolder: true })
            return;
        var target = Encoding.UTF8.GetByteCount(to.ToString());
        if (target <= Encoding.UTF8.GetByteCount(from.ToString()))
            return;
        var (longest, inside) = await LongestAsync(trees, entry.Id, new Dictionary<ContentId, (int, string)>(), ct);
        if (longest == 0 || target + 1 + longest <= StoragePath.MaxPathBytes)
            return;
        throw new StorageException(StorageException.InvalidPath,
            $"At \"{Shorten(to.ToString())}\", \"{Shorten(to + "/" + inside)}\" would be {target + 1 + longest} bytes long; the limit is "
            + $"{StoragePath.MaxPathBytes} bytes of UTF-8. Choose a shorter destination, or shorten the names inside.");
    }

    /// <summary>The longest path below a folder (in UTF-8 bytes, '/' included) and that path.</summary>
    private static async Task<(int Bytes, string Path)> LongestAsync(ITreeStore trees, ContentId folder, Dictionary<ContentId, (int, string)> seen, CancellationToken ct)
    {
        if (seen.TryGetValue(folder, out var known))
            return known;
        var best = (Bytes: 0, Path: "");
        foreach (var entry in (await trees.GetAsync(folder, ct)).Entries)
        {
            var own = Encoding.UTF8.GetByteCount(entry.Name);
            var (below, path) = entry.IsFolder ? await LongestAsync(trees, entry.Id, seen, ct) : (0, "");
            var total = own + (below > 0 ? 1 + below : 0);
            if (total > best.Bytes)
                best = (total, below > 0 ? entry.Name + "/" + path : entry.Name);
        }
        seen[folder] = best;
        return best;
    }

    private static string Shorten(string path) => path.Length <= 80 ? path : path[..38] + "…" + path[^38..];
}
