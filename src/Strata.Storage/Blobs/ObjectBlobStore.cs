using System.Buffers;
using System.Security.Cryptography;
using Strata.Storage.Objects;

namespace Strata.Storage.Blobs;

/// <summary>
/// Blobs as objects under <c>blobs/ab/cd/&lt;id&gt;</c> of any <see cref="IObjectStore"/> (a folder, a bucket).
/// The id is known only after the last byte, and the bytes must be read once (docs/s3.md): a blob that fits one
/// buffer is hashed there and put under its key; a larger one is hashed while it streams to a temporary key,
/// then moved inside the store to its key (a rename on a folder). Memory stays one buffer per put.
/// </summary>
public sealed class ObjectBlobStore(IObjectStore objects, int singlePutBytes = ObjectBlobStore.DefaultSinglePutBytes) : IBlobStore
{
    /// <summary>One S3 part: nearly every file of a course is smaller, and goes in one request.</summary>
    public const int DefaultSinglePutBytes = 8 * 1024 * 1024;

    public async Task<BlobWriteResult> PutAsync(Stream content, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(singlePutBytes);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, singlePutBytes), singlePutBytes, throwOnEndOfStream: false, ct);
            if (filled < singlePutBytes)
            {
                hash.AppendData(buffer, 0, filled);
                var id = ContentId.FromHash(hash.GetHashAndReset());
                var key = ObjectKeys.Of(ObjectKeys.Blobs, id);
                if (await objects.ExistsAsync(key, ct))
                    return new BlobWriteResult(id, filled, Created: false);
                using var bytes = new MemoryStream(buffer, 0, filled, writable: false);
                await objects.PutAsync(key, bytes, ct);
                return new BlobWriteResult(id, filled, Created: true);
            }
            return await PutThroughTemporaryAsync(new HashingStream(buffer.AsMemory(0, filled), content, hash), hash, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream> OpenReadAsync(ContentId id, CancellationToken ct)
    {
        try
        {
            var key = ObjectKeys.Of(ObjectKeys.Blobs, id);
            return await Trash.ReadRestoringAsync(objects, key, () => objects.OpenReadAsync(key, range: null, ct), ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            throw new StorageException(StorageException.NotFound, $"The content {id} is missing from the store.");
        }
    }

    public Task<bool> ExistsAsync(ContentId id, CancellationToken ct) => objects.ExistsAsync(ObjectKeys.Of(ObjectKeys.Blobs, id), ct);

    /// <summary>The blob's length; one the collector has put in the trash is moved back first (something still names it).</summary>
    public async Task<long?> GetSizeAsync(ContentId id, CancellationToken ct)
    {
        var key = ObjectKeys.Of(ObjectKeys.Blobs, id);
        if (await objects.GetSizeAsync(key, ct) is { } size)
            return size;
        return await Trash.TryRestoreAsync(objects, key, ct) ? await objects.GetSizeAsync(key, ct) : null;
    }

    public Task ProbeAsync(CancellationToken ct) => objects.ProbeAsync(ct);

    /// <summary>
    /// Streams to tmp/&lt;guid&gt; while hashing, then moves it to the key the hash names (a rename on a folder, a copy
    /// inside the bucket on S3). The temporary object goes whatever happens; a failed source leaves nothing under any
    /// blob's key.
    /// </summary>
    private async Task<BlobWriteResult> PutThroughTemporaryAsync(HashingStream content, IncrementalHash hash, CancellationToken ct)
    {
        var temporary = ObjectKeys.NewTemporary();
        var moved = false;
        try
        {
            var size = await objects.PutAsync(temporary, content, ct);
            var id = ContentId.FromHash(hash.GetHashAndReset());
            var key = ObjectKeys.Of(ObjectKeys.Blobs, id);
            if (await objects.ExistsAsync(key, ct))
                return new BlobWriteResult(id, size, Created: false);
            await objects.MoveAsync(temporary, key, ct);
            moved = true;
            return new BlobWriteResult(id, size, Created: true);
        }
        finally
        {
            if (!moved)
                await DeleteQuietlyAsync(temporary);
        }
    }

    /// <summary>Clean-up that must not hide the failure it follows; a temporary object left over is unreferenced, and garbage collection takes it.</summary>
    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await objects.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
        }
    }
}
