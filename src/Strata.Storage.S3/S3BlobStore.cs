using System.Buffers;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Strata.Storage.Blobs;

namespace Strata.Storage.S3;

/// <summary>
/// Blobs as objects in a bucket, keyed by their SHA-256 like the folder store. The id is known only once the
/// last byte has been hashed, so (docs/s3.md): a blob that fits one part (8 MiB) is hashed in memory and put
/// under its key; a larger one streams as a multipart upload to a temporary key while it is hashed, then the
/// store copies it to its key server-side — the bytes cross the network once, and never lie whole in memory
/// (a store that cannot copy gets them a second time from the temporary object).
/// A write is acknowledged only after the store acknowledged it.
/// </summary>
public sealed class S3BlobStore : IBlobStore
{
    /// <summary>Bytes read, hashed and sent at a time: S3 parts are at least 5 MiB, except the last.</summary>
    public const int PartSize = 8 * 1024 * 1024;

    /// <summary>The most a single CopyObject may copy; beyond it the copy is made of parts.</summary>
    private const long CopyObjectLimit = 5L * 1024 * 1024 * 1024;

    private const long CopyPartSize = 1L * 1024 * 1024 * 1024;

    private readonly S3Objects objects;

    public S3BlobStore(IAmazonS3 client, S3Address location) => objects = new S3Objects(client, location);

    public async Task<BlobWriteResult> PutAsync(Stream content, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var filled = await FillAsync(content, buffer, ct);
            hash.AppendData(buffer, 0, filled);
            if (filled < PartSize)
            {
                var id = ContentId.FromHash(hash.GetHashAndReset());
                var key = objects.KeyOf("blobs", id);
                if (await objects.SizeAsync(key, ct) is not null)
                    return new BlobWriteResult(id, filled, Created: false);
                await objects.PutAsync(key, buffer, filled, ct);
                return new BlobWriteResult(id, filled, Created: true);
            }
            return await PutLargeAsync(content, buffer, filled, hash, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A seekable stream: a range download seeks, and only the range is fetched.</summary>
    public Task<Stream> OpenReadAsync(ContentId id, CancellationToken ct) => objects.OpenAsync(objects.KeyOf("blobs", id), ct);

    public async Task<bool> ExistsAsync(ContentId id, CancellationToken ct) => await GetSizeAsync(id, ct) is not null;

    public Task<long?> GetSizeAsync(ContentId id, CancellationToken ct) => objects.SizeAsync(objects.KeyOf("blobs", id), ct);

    public Task ProbeAsync(CancellationToken ct) => objects.ProbeAsync(ct);

    private async Task<BlobWriteResult> PutLargeAsync(Stream content, byte[] buffer, int filled, IncrementalHash hash, CancellationToken ct)
    {
        var temporary = objects.TemporaryKey();
        var size = await UploadAsync(temporary, content, buffer, filled, hash, ct);
        var id = ContentId.FromHash(hash.GetHashAndReset());
        var key = objects.KeyOf("blobs", id);
        try
        {
            if (await objects.SizeAsync(key, ct) is not null)
                return new BlobWriteResult(id, size, Created: false);
            try
            {
                await CopyAsync(temporary, key, size, ct);
            }
            catch (StorageException e) when (e.Code == StorageException.NotFound)
            {
                // Some S3-compatible servers (s3rver among them) cannot copy server-side: read the temporary object
                // back and upload it under its key — a second pass over the bytes, only where the store leaves no choice.
                await using var again = await objects.OpenAsync(temporary, ct);
                await UploadAsync(key, again, buffer, await FillAsync(again, buffer, ct), null, ct);
            }
            return new BlobWriteResult(id, size, Created: true);
        }
        finally
        {
            await Quietly(() => objects.DeleteAsync(temporary, CancellationToken.None));
        }
    }

    /// <summary>
    /// A multipart upload of the source to a key, one part per buffer-full (the first already read), hashing as it
    /// goes when asked; aborted on any failure, so no part of it stays behind. Returns the bytes sent.
    /// </summary>
    private async Task<long> UploadAsync(string key, Stream source, byte[] buffer, int filled, IncrementalHash? hash, CancellationToken ct)
    {
        var client = objects.Client;
        var upload = await S3Objects.Guard(() => client.InitiateMultipartUploadAsync(objects.Bucket, key, ct), key);
        long size = 0;
        try
        {
            var parts = new List<PartETag>();
            while (filled > 0)
            {
                using (var part = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    var number = parts.Count + 1;
                    var sent = await S3Objects.Guard(() => client.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = objects.Bucket, Key = key, UploadId = upload.UploadId, PartNumber = number,
                        InputStream = part, PartSize = filled, UseChunkEncoding = false,
                    }, ct), key);
                    parts.Add(new PartETag(number, sent.ETag));
                }
                size += filled;
                filled = await FillAsync(source, buffer, ct);
                hash?.AppendData(buffer, 0, filled);
            }
            await S3Objects.Guard(() => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = objects.Bucket, Key = key, UploadId = upload.UploadId, PartETags = parts,
            }, ct), key);
            return size;
        }
        catch
        {
            await Quietly(() => client.AbortMultipartUploadAsync(objects.Bucket, key, upload.UploadId, CancellationToken.None));
            throw;
        }
    }

    /// <summary>Server-side copy: one CopyObject up to 5 GiB, a multipart copy of 1 GiB parts beyond.</summary>
    private async Task CopyAsync(string from, string to, long size, CancellationToken ct)
    {
        var client = objects.Client;
        if (size <= CopyObjectLimit)
        {
            await S3Objects.Guard(() => client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = objects.Bucket, SourceKey = from, DestinationBucket = objects.Bucket, DestinationKey = to,
            }, ct), to);
            return;
        }
        var upload = await S3Objects.Guard(() => client.InitiateMultipartUploadAsync(objects.Bucket, to, ct), to);
        try
        {
            var parts = new List<PartETag>();
            for (long first = 0; first < size; first += CopyPartSize)
            {
                var number = parts.Count + 1;
                var last = Math.Min(size, first + CopyPartSize) - 1;
                var copied = await S3Objects.Guard(() => client.CopyPartAsync(new CopyPartRequest
                {
                    SourceBucket = objects.Bucket, SourceKey = from, DestinationBucket = objects.Bucket, DestinationKey = to,
                    UploadId = upload.UploadId, PartNumber = number, FirstByte = first, LastByte = last,
                }, ct), to);
                parts.Add(new PartETag(number, copied.ETag));
            }
            await S3Objects.Guard(() => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = objects.Bucket, Key = to, UploadId = upload.UploadId, PartETags = parts,
            }, ct), to);
        }
        catch
        {
            await Quietly(() => client.AbortMultipartUploadAsync(objects.Bucket, to, upload.UploadId, CancellationToken.None));
            throw;
        }
    }

    /// <summary>Reads until the buffer is full or the stream ends: parts must be full-sized but the last.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        int read;
        while (filled < PartSize && (read = await content.ReadAsync(buffer.AsMemory(filled, PartSize - filled), ct)) > 0)
            filled += read;
        return filled;
    }

    /// <summary>Clean-up that must not hide the failure it follows; a leftover temporary object is harmless (garbage collection removes it).</summary>
    private static async Task Quietly(Func<Task> cleanUp)
    {
        try
        {
            await cleanUp();
        }
        catch (Exception e) when (e is AmazonS3Exception or StorageException or HttpRequestException or IOException)
        {
        }
    }
}
