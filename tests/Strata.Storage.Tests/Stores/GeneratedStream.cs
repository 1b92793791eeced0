namespace Strata.Storage.Tests.Stores;

/// <summary>Deterministic bytes of a given length, produced as read (not seekable); optionally failing at an offset, as a dropped client does.</summary>
internal sealed class GeneratedStream(long length, long failAt = -1) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (failAt >= 0 && position >= failAt)
            throw new IOException("The client went away.");
        var n = (int)Math.Min(count, length - position);
        for (var i = 0; i < n; i++)
            buffer[offset + i] = (byte)((position + i) * 31 % 251);
        position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
