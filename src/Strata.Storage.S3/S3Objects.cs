using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Strata.Storage.S3;

/// <summary>
/// The bucket as a store of immutable objects by key, under the location's prefix: what the blob and tree stores
/// share. Failures become <see cref="StorageException"/>: a missing key not_found, a store that does not answer
/// (network, time-out, 5xx) unavailable — so the host answers 404 or 503, never a 500.
/// </summary>
internal sealed class S3Objects(IAmazonS3 client, S3Address location)
{
    public IAmazonS3 Client => client;

    public string Bucket => location.Bucket;

    /// <summary>The key of an object: prefix, kind ("blobs", "trees"), then ab/cd/&lt;id&gt; as the folder store lays it out.</summary>
    public string KeyOf(string kind, ContentId id)
    {
        var hex = id.ToString();
        return $"{location.Prefix}{kind}/{hex[..2]}/{hex[2..4]}/{hex}";
    }

    public string TemporaryKey() => $"{location.Prefix}tmp/{Guid.NewGuid():N}";

    public Task PutAsync(string key, byte[] bytes, CancellationToken ct) => PutAsync(key, bytes, bytes.Length, ct);

    public Task PutAsync(string key, byte[] buffer, int count, CancellationToken ct) => Guard(async () =>
    {
        using var content = new MemoryStream(buffer, 0, count, writable: false);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = content, AutoCloseStream = false, UseChunkEncoding = false }, ct);
    }, key);

    public Task<byte[]> ReadAllAsync(string key, CancellationToken ct) => Guard(async () =>
    {
        using var response = await client.GetObjectAsync(Bucket, key, ct);
        using var copy = new MemoryStream(response.ContentLength > 0 ? (int)Math.Min(response.ContentLength, int.MaxValue) : 0);
        await response.ResponseStream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }, key);

    /// <summary>
    /// A stream of the object's bytes. It can seek: a seek closes the current response and the next read asks for
    /// the rest from there (a ranged GET), so range downloads fetch only what they send.
    /// </summary>
    public async Task<Stream> OpenAsync(string key, CancellationToken ct)
    {
        var stream = new ObjectStream(this, key);
        await stream.StartAsync(ct);
        return stream;
    }

    private Task<GetObjectResponse> GetAsync(string key, long from, CancellationToken ct) => Guard(
        () => client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key, ByteRange = from > 0 ? new ByteRange(from, long.MaxValue) : null }, ct), key);

    /// <summary>The object's length, or null when there is none.</summary>
    public Task<long?> SizeAsync(string key, CancellationToken ct) => Guard(async () =>
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(Bucket, key, ct);
            return (long?)metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }, key);

    public Task DeleteAsync(string key, CancellationToken ct) => Guard(() => client.DeleteObjectAsync(Bucket, key, ct), key);

    /// <summary>The bucket answers a listing (for readiness); a bucket that is not there is unavailable too.</summary>
    public async Task ProbeAsync(CancellationToken ct)
    {
        try
        {
            await Guard(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = location.Prefix, MaxKeys = 1 }, ct), Bucket);
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            throw new StorageException(StorageException.Unavailable, $"The bucket {Bucket} does not exist (or these credentials cannot see it): create it first.");
        }
        catch (AmazonS3Exception e)
        {
            throw new StorageException(StorageException.Unavailable, $"The bucket {Bucket} cannot be listed: {e.Message}");
        }
    }

    public static async Task<T> Guard<T>(Func<Task<T>> call, string key)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode is "NoSuchKey" or "NotFound")
        {
            throw new StorageException(StorageException.NotFound, $"The object {key} is missing from the content store.");
        }
        catch (Exception e) when (Unavailable(e))
        {
            throw new StorageException(StorageException.Unavailable, $"The content store (S3) does not answer: {e.Message}");
        }
    }

    public static Task Guard(Func<Task> call, string key) => Guard(async () =>
    {
        await call();
        return true;
    }, key);

    private static bool Unavailable(Exception e) => e switch
    {
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.StatusCode == 0,
        AmazonClientException or HttpRequestException or IOException or TimeoutException => true,
        TaskCanceledException => true,
        _ => false,
    };

    /// <summary>The object's bytes from a position; disposing closes the HTTP response with it.</summary>
    private sealed class ObjectStream(S3Objects objects, string key) : Stream
    {
        private GetObjectResponse? response;
        private long length;
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => position; set => Seek(value, SeekOrigin.Begin); }

        /// <summary>The first request: it also says how long the object is (and whether it is there at all).</summary>
        public async Task StartAsync(CancellationToken ct)
        {
            response = await objects.GetAsync(key, 0, ct);
            length = response.ContentLength;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position >= length || buffer.Length == 0)
                return 0;
            response ??= await objects.GetAsync(key, position, cancellationToken);
            var read = await response.ResponseStream.ReadAsync(buffer, cancellationToken);
            position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => position + offset,
                _ => length + offset,
            };
            if (target < 0)
                throw new IOException("Cannot seek before the start of the object.");
            if (target != position)
            {
                response?.Dispose();
                response = null;
                position = target;
            }
            return position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                response?.Dispose();
            base.Dispose(disposing);
        }
    }
}
