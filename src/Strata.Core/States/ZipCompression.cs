using System.IO.Compression;

namespace Strata.Core.States;

/// <summary>
/// Whether a file is worth deflating in a zip download. Images, video, archives and random data do not shrink: deflating
/// them costs the CPU most of a download's time and makes them a little larger. A file is stored as it is when its name
/// says it is compressed already, or when its first 64 KB shrink by less than a tenth.
/// </summary>
public static class ZipCompression
{
    public const int SampleBytes = 64 * 1024;

    /// <summary>Shrinking by less than this fraction of the sample is not worth it.</summary>
    private const double WorthIt = 0.9;

    private static readonly HashSet<string> Compressed = new(StringComparer.OrdinalIgnoreCase)
    {
        ".7z", ".aac", ".avi", ".br", ".bz2", ".docx", ".epub", ".flac", ".gif", ".gz", ".heic", ".jar", ".jpeg", ".jpg", ".m4a", ".mkv",
        ".mov", ".mp3", ".mp4", ".npz", ".odp", ".ods", ".odt", ".ogg", ".opus", ".parquet", ".pdf", ".png", ".pptx", ".rar", ".tgz", ".webm",
        ".webp", ".whl", ".xlsx", ".xz", ".zip", ".zst",
    };

    /// <summary>The level for a file: by its name, else by how much its first bytes (<paramref name="sample"/>) shrink.</summary>
    public static CompressionLevel For(string name, ReadOnlySpan<byte> sample)
    {
        if (Compressed.Contains(Path.GetExtension(name)) || sample.Length == 0)
            return sample.Length == 0 ? CompressionLevel.Fastest : CompressionLevel.NoCompression;
        var counter = new CountingStream();
        using (var deflate = new DeflateStream(counter, CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write(sample);
        return counter.Length < sample.Length * WorthIt ? CompressionLevel.Fastest : CompressionLevel.NoCompression;
    }

    /// <summary>Reads up to <see cref="SampleBytes"/> from the start of a stream (fewer only at its end).</summary>
    public static async Task<Memory<byte>> SampleAsync(Stream source, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0)
                break;
            filled += read;
        }
        return buffer.AsMemory(0, filled);
    }

    /// <summary>A stream that only counts what is written to it.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
