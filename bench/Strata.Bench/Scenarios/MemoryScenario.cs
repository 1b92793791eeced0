using System.Diagnostics;
using System.Net;
using Strata.Bench.Harness;

namespace Strata.Bench.Scenarios;

/// <summary>
/// Upload one 2 GB file through the API of a real server process while sampling its resident memory
/// every 20 ms. Target: peak working set under 300 MB (the body is streamed into the content store).
/// </summary>
public sealed class MemoryScenario : IScenario
{
    public string Name => "memory";

    public string Description => "server peak working set while uploading a 2 GB file";

    public async Task RunAsync(BenchContext context)
    {
        const long size = 2L << 30;
        await using var server = await ServerProcess.StartAsync(context.Repository, context.NewFolder("server"));
        await server.PostJsonAsync("orgs", new { name = "University", slug = "uni" });
        await server.PostJsonAsync("orgs/uni/spaces", new { name = "Course", type = "course" });
        var before = server.RssBytes;
        server.ResetPeak();
        var watch = Stopwatch.StartNew();
        using var content = new StreamContent(new GeneratedStream(size, seed: 2), 1 << 16);
        content.Headers.ContentLength = size;
        using var response = await server.Client.PutAsync("api/v1/orgs/uni/spaces/course/instances/master/states/current/files/big.bin", content);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"The upload answered {(int)response.StatusCode}.");
        var throughput = size / watch.Elapsed.TotalSeconds / (1 << 20);
        var peak = server.PeakRssBytes;
        context.Add(new Row(Name, "server peak working set, 2 GB upload", DataSpec.Size(peak),
            $"{DataSpec.Size(before)} before the upload; {Stats.Number(throughput)} MB/s", "", "< 300 MB", Report.Verdict(peak < 300L << 20)));
    }

    /// <summary>Deterministic bytes produced as they are read: the client never holds the file either.</summary>
    private sealed class GeneratedStream(long length, int seed) : Stream
    {
        private readonly Random random = new(seed);
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            random.NextBytes(buffer.AsSpan(offset, n));
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
}
