using System.Buffers;
using System.Collections;
using Amazon.S3;
using Amazon.S3.Model;
using Strata.Storage.Objects;

namespace Strata.Storage.S3;

/// <summary>
/// Objects in an S3-compatible bucket, under the location's prefix (BaGet's S3StorageService beside its file
/// store is the model). Puts stream: one PutObject up to a part, a multipart upload of 8 MiB parts beyond it (one
/// buffer, never the whole object), aborted when anything fails so no part stays billed. Copies stay inside the
/// store (CopyObject, or UploadPartCopy beyond its 5 GiB limit). Failures: <see cref="S3Failures"/>.
/// </summary>
public sealed class S3ObjectStore(IAmazonS3 client, S3Address location) : IObjectStore, IDisposable
{
    /// <summary>Bytes read and sent at a time: S3 parts are at least 5 MiB, except the last.</summary>
    public const int PartSize = 8 * 1024 * 1024;

    /// <summary>The most a single CopyObject may copy; beyond it the copy is made of parts.</summary>
    private const long CopyObjectLimit = 5L * 1024 * 1024 * 1024;

    private const long CopyPartSize = 1L * 1024 * 1024 * 1024;

    public S3Address Location => location;

    /// <summary>
    /// A store for <c>s3://bucket[/prefix]</c> with the client the standard AWS variables describe (see
    /// <see cref="S3Address.Client"/>); throws <see cref="ArgumentException"/> with a sentence when the URL or the
    /// endpoint is malformed.
    /// </summary>
    public static S3ObjectStore FromUrl(string url, Func<string, string?> environment) =>
        new(S3Address.Client(environment), S3Address.Parse(url));

    /// <summary>As <see cref="FromUrl(string, Func{string, string?})"/>, from a table such as <see cref="Environment.GetEnvironmentVariables()"/>.</summary>
    public static S3ObjectStore FromUrl(string url, IDictionary environment) =>
        FromUrl(url, name => environment.Contains(name) ? environment[name]?.ToString() : null);

    public async Task<long> PutAsync(string key, Stream content, CancellationToken ct)
    {
        var full = KeyOf(key);
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        try
        {
            var filled = await FillAsync(content, buffer, ct);
            if (filled < PartSize)
            {
                await S3Failures.Guard(async () =>
                {
                    using var bytes = new MemoryStream(buffer, 0, filled, writable: false);
                    await client.PutObjectAsync(new PutObjectRequest { BucketName = location.Bucket, Key = full, InputStream = bytes, AutoCloseStream = false, UseChunkEncoding = false }, ct);
                }, full, ct);
                return filled;
            }
            return await UploadPartsAsync(full, content, buffer, filled, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, ObjectRange? range, CancellationToken ct) =>
        await S3ObjectStream.OpenAsync(client, location.Bucket, KeyOf(key), range?.From ?? 0, range?.Length, ct);

    public Task<long?> GetSizeAsync(string key, CancellationToken ct)
    {
        var full = KeyOf(key);
        return S3Failures.Guard(async () =>
        {
            try
            {
                return (long?)(await client.GetObjectMetadataAsync(location.Bucket, full, ct)).ContentLength;
            }
            catch (AmazonS3Exception e) when (S3Failures.IsNotFound(e))
            {
                return null;
            }
        }, full, ct);
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken ct) => await GetSizeAsync(key, ct) is not null;

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        var full = KeyOf(key);
        return S3Failures.Guard(() => client.DeleteObjectAsync(location.Bucket, full, ct), full, ct);
    }

    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken ct)
    {
        var (from, to) = (KeyOf(sourceKey), KeyOf(destinationKey));
        var size = await GetSizeAsync(sourceKey, ct)
            ?? throw new StorageException(StorageException.NotFound, $"The object {from} is missing from the content store.");
        try
        {
            if (size <= CopyObjectLimit)
                await S3Failures.Guard(() => client.CopyObjectAsync(new CopyObjectRequest
                {
                    SourceBucket = location.Bucket, SourceKey = from, DestinationBucket = location.Bucket, DestinationKey = to,
                }, ct), from, ct);
            else
                await CopyPartsAsync(from, to, size, ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            // The source is there (asked above), yet the store says it is not: s3rver reads x-amz-copy-source without
            // decoding the %2F the SDK writes for '/'. Copy through this process then — correct everywhere, and a
            // second pass over the bytes only where the store leaves no choice (docs/s3.md).
            await using var source = await OpenReadAsync(sourceKey, range: null, ct);
            await PutAsync(destinationKey, source, ct);
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Prefix + prefix, MaxKeys = 1000 };
        ListObjectsV2Response page;
        do
        {
            page = await S3Failures.Guard(() => client.ListObjectsV2Async(request, ct), request.Prefix, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                var key = item.Key[location.Prefix.Length..];
                yield return new StoredObject(key, item.Size ?? 0, item.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue);
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    /// <summary>S3 has no rename: a copy inside the bucket, then the source goes.</summary>
    public async Task MoveAsync(string sourceKey, string destinationKey, CancellationToken ct)
    {
        await CopyAsync(sourceKey, destinationKey, ct);
        await DeleteAsync(sourceKey, ct);
    }

    /// <summary>HEAD on the bucket: it is there and these credentials reach it; for readiness checks.</summary>
    public async Task ProbeAsync(CancellationToken ct)
    {
        try
        {
            await S3Failures.Guard(() => client.HeadBucketAsync(new HeadBucketRequest { BucketName = location.Bucket }, ct), location.Bucket, ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            throw new StorageException(StorageException.Unavailable, $"The bucket {location.Bucket} does not exist (or these credentials cannot see it): create it first.");
        }
        catch (AmazonS3Exception e)
        {
            throw new StorageException(StorageException.Unavailable, $"The bucket {location.Bucket} does not answer: {e.Message}");
        }
    }

    public void Dispose() => client.Dispose();

    private string KeyOf(string key)
    {
        ObjectKeys.Check(key);
        return location.Prefix + key;
    }

    /// <summary>
    /// A multipart upload of the source, one part per buffer-full (the first already read); aborted on any
    /// failure, the source's included, so nothing of it stays behind. Returns the bytes sent.
    /// </summary>
    private async Task<long> UploadPartsAsync(string key, Stream source, byte[] buffer, int filled, CancellationToken ct)
    {
        var upload = await S3Failures.Guard(() => client.InitiateMultipartUploadAsync(location.Bucket, key, ct), key, ct);
        long size = 0;
        try
        {
            var parts = new List<PartETag>();
            while (filled > 0)
            {
                var number = parts.Count + 1;
                var count = filled;
                var sent = await S3Failures.Guard(async () =>
                {
                    using var part = new MemoryStream(buffer, 0, count, writable: false);
                    return await client.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = location.Bucket, Key = key, UploadId = upload.UploadId, PartNumber = number,
                        InputStream = part, PartSize = count, UseChunkEncoding = false,
                    }, ct);
                }, key, ct);
                parts.Add(new PartETag(number, sent.ETag));
                size += filled;
                filled = await FillAsync(source, buffer, ct);
            }
            await CompleteAsync(key, upload.UploadId, parts, ct);
            return size;
        }
        catch
        {
            await AbortQuietlyAsync(key, upload.UploadId);
            throw;
        }
    }

    /// <summary>A copy made of 1 GiB UploadPartCopy parts, for objects beyond CopyObject's 5 GiB.</summary>
    private async Task CopyPartsAsync(string from, string to, long size, CancellationToken ct)
    {
        var upload = await S3Failures.Guard(() => client.InitiateMultipartUploadAsync(location.Bucket, to, ct), to, ct);
        try
        {
            var parts = new List<PartETag>();
            for (long first = 0; first < size; first += CopyPartSize)
            {
                var number = parts.Count + 1;
                var last = Math.Min(size, first + CopyPartSize) - 1;
                var start = first;
                var copied = await S3Failures.Guard(() => client.CopyPartAsync(new CopyPartRequest
                {
                    SourceBucket = location.Bucket, SourceKey = from, DestinationBucket = location.Bucket, DestinationKey = to,
                    UploadId = upload.UploadId, PartNumber = number, FirstByte = start, LastByte = last,
                }, ct), from, ct);
                parts.Add(new PartETag(number, copied.ETag));
            }
            await CompleteAsync(to, upload.UploadId, parts, ct);
        }
        catch
        {
            await AbortQuietlyAsync(to, upload.UploadId);
            throw;
        }
    }

    private Task<CompleteMultipartUploadResponse> CompleteAsync(string key, string uploadId, List<PartETag> parts, CancellationToken ct) =>
        S3Failures.Guard(() => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = location.Bucket, Key = key, UploadId = uploadId, PartETags = parts,
        }, ct), key, ct);

    /// <summary>Clean-up that must not hide the failure it follows.</summary>
    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(location.Bucket, key, uploadId, CancellationToken.None);
        }
        catch (Exception e) when (e is AmazonS3Exception or HttpRequestException or IOException or OperationCanceledException)
        {
        }
    }

    /// <summary>Reads until the buffer is full or the stream ends: parts must be full-sized but the last.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken ct) =>
        await content.ReadAtLeastAsync(buffer.AsMemory(0, PartSize), PartSize, throwOnEndOfStream: false, ct);
}
