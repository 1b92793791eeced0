namespace Strata.Storage.Blobs;

/// <summary>
/// Reads through to <paramref name="inner"/> and refuses (too_large) the moment more than <paramref name="limit"/>
/// bytes have come: an upload without a length is stopped at the limit, not after it has filled the disk.
/// </summary>
public sealed class LimitedStream(Stream inner, long limit) : Stream
{
    private long read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => read; set => throw new NotSupportedException(); }

    public static StorageException TooLarge(long limit) =>
        new(StorageException.TooLarge, $"The upload is larger than {limit:N0} bytes, the most one upload may carry (STRATA_MAX_UPLOAD_BYTES). Split it, or ask the operator to raise the limit.");

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int n)
    {
        read += n;
        return read > limit ? throw TooLarge(limit) : n;
    }
}
