using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MAB.DotIgnore;
using Strata.Storage;

namespace Strata.Cli.Sync;

/// <summary>A local file as a scan found it.</summary>
public sealed record LocalFile(string Path, long Size, string Hash);

/// <summary>A scan of a clone: its files with their hashes, its folders, what was skipped and why, and names the server would refuse.</summary>
public sealed record LocalScan(Dictionary<string, LocalFile> Files, HashSet<string> Folders, IReadOnlyList<string> Warnings, IReadOnlyList<string> BadNames);

/// <summary>
/// Reads a clone's working folder: every file and folder except <c>.strata/</c> and what <c>.strataignore</c> (gitignore
/// syntax) leaves out; symbolic links are skipped with a warning. Files are hashed in parallel, and a file whose size and
/// modification time are those of the last scan is not read again (the cache is <c>.strata/index.json</c>).
/// </summary>
public static class LocalTree
{
    public const string IgnoreFile = ".strataignore";
    private const string IndexFile = "index.tsv";

    public sealed record CachedHash(long Size, long ModifiedTicks, string Hash);

    public static async Task<LocalScan> ScanAsync(string root, IProgress<long>? hashedBytes, CancellationToken ct)
    {
        var ignore = File.Exists(Path.Combine(root, IgnoreFile)) ? new IgnoreList(Path.Combine(root, IgnoreFile)) : new IgnoreList([]);
        var found = new List<(string Path, FileInfo Info)>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var badNames = new List<string>();
        var pending = new Stack<(DirectoryInfo Folder, string Path)>();
        pending.Push((new DirectoryInfo(root), ""));
        while (pending.TryPop(out var next))
        {
            foreach (var item in next.Folder.EnumerateFileSystemInfos())
            {
                var path = next.Path.Length == 0 ? item.Name : $"{next.Path}/{item.Name}";
                var isFolder = item is DirectoryInfo;
                if (next.Path.Length == 0 && item.Name == Tracking.Folder)
                    continue;
                if (ignore.IsIgnored(path, isFolder))
                    continue;
                if ((item.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    warnings.Add($"{path}: a symbolic link, skipped (Strata stores files and folders only).");
                    continue;
                }
                if (!IsValidName(item.Name) || !IsValidPath(path))
                {
                    badNames.Add(path);
                    continue;
                }
                if (item is DirectoryInfo folder)
                {
                    folders.Add(path);
                    pending.Push((folder, path));
                }
                else if (item is FileInfo file)
                {
                    found.Add((path, file));
                }
            }
        }

        var cache = ReadIndex(root);
        var files = new ConcurrentDictionary<string, LocalFile>(StringComparer.Ordinal);
        var fresh = new ConcurrentDictionary<string, CachedHash>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(found, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, async (item, token) =>
        {
            var (size, ticks) = (item.Info.Length, item.Info.LastWriteTimeUtc.Ticks);
            var hash = cache.TryGetValue(item.Path, out var known) && known.Size == size && known.ModifiedTicks == ticks
                ? known.Hash
                : await HashAsync(item.Info.FullName, token);
            if (known?.Hash != hash || known.Size != size)
                hashedBytes?.Report(size);
            files[item.Path] = new LocalFile(item.Path, size, hash);
            fresh[item.Path] = new CachedHash(size, ticks, hash);
        });
        // Rewritten only when something changed: a push with nothing to send should only read.
        if (fresh.Count != cache.Count || fresh.Any(f => !cache.TryGetValue(f.Key, out var known) || known != f.Value))
            WriteIndex(root, fresh);
        return new LocalScan(new Dictionary<string, LocalFile>(files, StringComparer.Ordinal), folders, warnings, badNames);
    }

    /// <summary>Records a file the CLI itself wrote (a download), so the next scan does not read it again.</summary>
    public static void Remember(string root, IEnumerable<(string Path, string Hash)> written)
    {
        var index = ReadIndex(root);
        foreach (var (path, hash) in written)
        {
            var info = new FileInfo(Path.Combine(root, path));
            if (info.Exists)
                index[path] = new CachedHash(info.Length, info.LastWriteTimeUtc.Ticks, hash);
        }
        WriteIndex(root, index);
    }

    public static async Task<string> HashAsync(string file, CancellationToken ct)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    /// <summary>The server's own rule for a name (length, no control characters, not "." or "..").</summary>
    public static bool IsValidName(string name) => Accepted(() => StoragePath.ValidateName(name));

    /// <summary>The server's rule for a whole path (at most 4,096 bytes).</summary>
    public static bool IsValidPath(string path) => Accepted(() => StoragePath.Parse(path));

    private static bool Accepted(Action check)
    {
        try
        {
            check();
            return true;
        }
        catch (StorageException)
        {
            return false;
        }
    }

    /// <summary>The hash cache: a line per file, "size, modification ticks, hash, path" separated by tabs.</summary>
    private static Dictionary<string, CachedHash> ReadIndex(string root)
    {
        var index = new Dictionary<string, CachedHash>(StringComparer.Ordinal);
        var path = Path.Combine(root, Tracking.Folder, IndexFile);
        if (!File.Exists(path))
            return index;
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t', 4);
            if (parts.Length == 4 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                index[parts[3]] = new CachedHash(size, ticks, parts[2]);
            // A damaged line only costs reading that file again.
        }
        return index;
    }

    private static void WriteIndex(string root, IDictionary<string, CachedHash> index)
    {
        Directory.CreateDirectory(Path.Combine(root, Tracking.Folder));
        var text = new StringBuilder();
        foreach (var (path, entry) in index)
        {
            text.Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(entry.ModifiedTicks.ToString(CultureInfo.InvariantCulture))
                .Append('\t').Append(entry.Hash).Append('\t').Append(path).Append('\n');
        }
        Tracking.Replace(Path.Combine(root, Tracking.Folder, IndexFile), text.ToString());
    }
}
