using System.Buffers;

namespace Strata.Storage.Objects;

/// <summary>
/// Objects as files under a folder, a key being their relative path. Each write goes to a file in the hidden
/// <c>.incoming/</c> folder (no key can name it), is flushed to disk, then renamed onto its key
/// (<see cref="AtomicFile"/>): a crash never leaves part of an object under its key.
/// </summary>
public sealed class FileSystemObjectStore : IObjectStore
{
    private const int BufferSize = 81920;
    private readonly string root;
    private readonly string incoming;

    public FileSystemObjectStore(string rootDirectory)
    {
        root = Path.GetFullPath(rootDirectory);
        incoming = Path.Combine(root, ".incoming");
        Directory.CreateDirectory(root);
        AtomicFile.SweepStale(incoming, TimeSpan.FromHours(1));
    }

    public async Task<long> PutAsync(string key, Stream content, CancellationToken ct)
    {
        var final = PathOf(key);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var temporary = AtomicFile.NewTemporaryPath(incoming);
        try
        {
            long size = 0;
            await using (var file = AtomicFile.CreateTemporary(temporary))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                }
                file.Flush(flushToDisk: true);
            }
            Replace(temporary, final);
            return size;
        }
        catch (Exception e)
        {
            AtomicFile.DeleteQuietly(temporary);
            if (StorageException.ForFullDisk(e) is { } full)
                throw full;
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task<Stream> OpenReadAsync(string key, ObjectRange? range, CancellationToken ct)
    {
        FileStream file;
        try
        {
            file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StorageException(StorageException.NotFound, $"The object {key} is missing from the store.");
        }
        if (range is not { } window)
            return Task.FromResult<Stream>(file);
        var (start, length) = window.Within(file.Length);
        return Task.FromResult<Stream>(new WindowStream(file, start, length));
    }

    public Task<long?> GetSizeAsync(string key, CancellationToken ct)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? info.Length : (long?)null);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => Task.FromResult(File.Exists(PathOf(key)));

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever put under this part of the tree: the object is not there, as asked.
        }
        return Task.CompletedTask;
    }

    /// <summary>A copy through a temporary file, renamed into place like a put.</summary>
    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken ct)
    {
        await using var source = await OpenReadAsync(sourceKey, range: null, ct);
        await PutAsync(destinationKey, source, ct);
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Walk the deepest folder the prefix names whole, and keep the keys that start with all of it.
        var folderPart = prefix.LastIndexOf('/') is var slash and >= 0 ? prefix[..slash] : "";
        var start = folderPart.Length == 0 ? root : Path.Combine(root, folderPart.Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(start))
            yield break;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden, IgnoreInaccessible = false };
        foreach (var path in Directory.EnumerateFiles(start, "*", options))
        {
            ct.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Split('/').Any(segment => segment.StartsWith('.')))
                continue; // .incoming/ holds writes in flight, never objects
            var info = new FileInfo(path);
            if (info.Exists)
                yield return new StoredObject(key, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
        }
        await Task.CompletedTask;
    }

    /// <summary>A rename: the object was made durable when it was put, and a reader sees it whole under one key or the other.</summary>
    public Task MoveAsync(string sourceKey, string destinationKey, CancellationToken ct)
    {
        var (source, destination) = (PathOf(sourceKey), PathOf(destinationKey));
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        try
        {
            File.Move(source, destination, overwrite: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StorageException(StorageException.NotFound, $"The object {sourceKey} is missing from the store.");
        }
        return Task.CompletedTask;
    }

    /// <summary>The folder is there and can be listed (a network mount that went away fails here).</summary>
    public Task ProbeAsync(CancellationToken ct)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(root).Take(1).Count();
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(StorageException.Unavailable, $"The content store folder {root} cannot be read: {e.Message}");
        }
    }

    private string PathOf(string key)
    {
        ObjectKeys.Check(key);
        return Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>A rename, which replaces atomically: a reader sees the old object or the new one, never a mix.</summary>
    private static void Replace(string temporary, string final)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        File.Move(temporary, final, overwrite: true);
    }
}
