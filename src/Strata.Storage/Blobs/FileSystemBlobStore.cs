using System.Buffers;
using System.Security.Cryptography;

namespace Strata.Storage.Blobs;

/// <summary>Blobs as files under a folder: root/ab/cd/&lt;sha256&gt;, written through root/tmp/.</summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 81920;
    private readonly string root;
    private readonly string tmp;

    public FileSystemBlobStore(string rootDirectory)
    {
        root = Path.GetFullPath(rootDirectory);
        tmp = Path.Combine(root, "tmp");
        Directory.CreateDirectory(root);
        AtomicFile.SweepStale(tmp, TimeSpan.FromHours(1));
    }

    public async Task<BlobWriteResult> PutAsync(Stream content, CancellationToken ct)
    {
        var temporary = AtomicFile.NewTemporaryPath(tmp);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = AtomicFile.CreateTemporary(temporary))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                }
                file.Flush(flushToDisk: true);
            }
            var id = ContentId.FromHash(hash.GetHashAndReset());
            var created = AtomicFile.Publish(temporary, AtomicFile.ObjectPath(root, id));
            return new BlobWriteResult(id, size, created);
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

    public Task<Stream> OpenReadAsync(ContentId id, CancellationToken ct)
    {
        try
        {
            Stream stream = new FileStream(AtomicFile.ObjectPath(root, id), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StorageException(StorageException.NotFound, $"The content {id} is missing from the store.");
        }
    }

    public Task<bool> ExistsAsync(ContentId id, CancellationToken ct) => Task.FromResult(File.Exists(AtomicFile.ObjectPath(root, id)));

    public Task<long?> GetSizeAsync(ContentId id, CancellationToken ct)
    {
        var info = new FileInfo(AtomicFile.ObjectPath(root, id));
        return Task.FromResult(info.Exists ? info.Length : (long?)null);
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
}
