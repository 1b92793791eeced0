using Amazon.S3;
using Amazon.S3.Model;

namespace Strata.Storage.S3;

/// <summary>
/// An object's bytes, or a window of them, as a seekable stream: a seek drops the current response and the next
/// read asks for the rest of the window from there (a ranged GET), so an HTTP range fetches only itself.
/// Disposing closes the response.
/// </summary>
internal sealed class S3ObjectStream : Stream
{
    private readonly IAmazonS3 client;
    private readonly string bucket;
    private readonly string key;
    private long start;
    private long length;
    private long position;
    private GetObjectResponse? response;

    private S3ObjectStream(IAmazonS3 client, string bucket, string key)
    {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => position; set => Seek(value, SeekOrigin.Begin); }

    /// <summary>
    /// The first GET, which also says whether the object is there and how long the window is (a range past the
    /// end is an empty window, as it is on a file).
    /// </summary>
    public static async Task<S3ObjectStream> OpenAsync(IAmazonS3 client, string bucket, string key, long from, long? count, CancellationToken ct)
    {
        var stream = new S3ObjectStream(client, bucket, key) { start = from };
        if (count == 0)
        {
            await S3Failures.Guard(() => client.GetObjectMetadataAsync(bucket, key, ct), key, ct);
            return stream;
        }
        try
        {
            stream.response = await S3Failures.Guard(() => stream.GetAsync(from, count is { } n ? from + n - 1 : null, ct), key, ct);
            stream.length = stream.response.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "InvalidRange")
        {
            await S3Failures.Guard(() => client.GetObjectMetadataAsync(bucket, key, ct), key, ct);
        }
        return stream;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position >= length || buffer.Length == 0)
            return 0;
        response ??= await S3Failures.Guard(() => GetAsync(start + position, start + length - 1, cancellationToken), key, cancellationToken);
        var read = await response.ResponseStream.ReadAsync(buffer[..(int)Math.Min(buffer.Length, length - position)], cancellationToken);
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

    /// <summary>The whole object when from is 0 and no end is given (a plain GET, which every server answers); else a ranged GET.</summary>
    private Task<GetObjectResponse> GetAsync(long from, long? last, CancellationToken ct) => client.GetObjectAsync(new GetObjectRequest
    {
        BucketName = bucket,
        Key = key,
        ByteRange = (from, last) switch
        {
            (0, null) => null,
            (_, null) => new ByteRange($"bytes={from}-"),
            (_, { } end) => new ByteRange(from, end),
        },
    }, ct);
}
