using System.Security.Cryptography;

namespace Strata.Storage.Blobs;

/// <summary>
/// The bytes already read (a prefix), then the rest of the source, hashed as they pass: a blob is hashed on its
/// way to the store, so its bytes are read once.
/// </summary>
internal sealed class HashingStream(ReadOnlyMemory<byte> prefix, Stream source, IncrementalHash hash) : Stream
{
    private ReadOnlyMemory<byte> prefix = prefix;
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = prefix.Length > 0 ? FromPrefix(buffer) : source.Read(buffer);
        hash.AppendData(buffer[..read]);
        position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = prefix.Length > 0 ? FromPrefix(buffer.Span) : await source.ReadAsync(buffer, cancellationToken);
        hash.AppendData(buffer.Span[..read]);
        position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int FromPrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, prefix.Length);
        prefix.Span[..n].CopyTo(buffer);
        prefix = prefix[n..];
        return n;
    }
}
