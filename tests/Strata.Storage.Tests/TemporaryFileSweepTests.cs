namespace Strata.Storage.Tests;

/// <summary>
/// The start-up sweep of a store's temporary files removes what a crashed writer left, never an upload another
/// process (a second node on the same folder) is still writing, however long ago it started.
/// </summary>
public sealed class TemporaryFileSweepTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-sweep-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void AnOldFileNobodyWritesIsRemoved()
    {
        var left = AtomicFile.NewTemporaryPath(folder);
        using (var file = AtomicFile.CreateTemporary(left))
            file.Write(new byte[10]);
        File.SetLastWriteTimeUtc(left, DateTime.UtcNow.AddHours(-2));

        AtomicFile.SweepStale(folder, TimeSpan.FromHours(1));

        Assert.False(File.Exists(left));
    }

    [Fact]
    public void AnOldFileStillBeingWrittenIsKept()
    {
        var uploading = AtomicFile.NewTemporaryPath(folder);
        using (var writer = AtomicFile.CreateTemporary(uploading))
        {
            writer.Write(new byte[10]);
            File.SetLastWriteTimeUtc(uploading, DateTime.UtcNow.AddHours(-2)); // a stalled client, an hour without a byte

            AtomicFile.SweepStale(folder, TimeSpan.FromHours(1));

            Assert.True(File.Exists(uploading));
            writer.Write(new byte[10]); // the upload goes on into the same file
        }
        Assert.Equal(20, new FileInfo(uploading).Length);
    }

    [Fact]
    public void ARecentFileIsKept()
    {
        var recent = AtomicFile.NewTemporaryPath(folder);
        using (var file = AtomicFile.CreateTemporary(recent))
            file.Write(new byte[10]);

        AtomicFile.SweepStale(folder, TimeSpan.FromHours(1));

        Assert.True(File.Exists(recent));
    }

    [Fact]
    public void AStoreOpenedBesideAnUploadInProgressLeavesItAlone()
    {
        var root = Path.Combine(folder, "content");
        var first = new Strata.Storage.Objects.FileSystemObjectStore(root);
        var incoming = Path.Combine(root, ".incoming");
        var uploading = AtomicFile.NewTemporaryPath(incoming);
        using var writer = AtomicFile.CreateTemporary(uploading);
        File.SetLastWriteTimeUtc(uploading, DateTime.UtcNow.AddHours(-2));

        _ = new Strata.Storage.Objects.FileSystemObjectStore(root); // a second node starting on the same folder sweeps it

        Assert.True(File.Exists(uploading));
        GC.KeepAlive(first);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }
}
