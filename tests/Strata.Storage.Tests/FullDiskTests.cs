namespace Strata.Storage.Tests;

/// <summary>The error a full disk really raises is recognised: /dev/full answers every write with ENOSPC.</summary>
public sealed class FullDiskTests
{
    [Fact]
    public void AWriteToAFullDiskBecomesInsufficientStorage()
    {
        if (!File.Exists("/dev/full"))
            return; // not Linux: nothing to provoke the error with
        var failure = Assert.ThrowsAny<IOException>(() =>
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
            full.Write(new byte[4096]);
            full.Flush(flushToDisk: true);
        });

        var translated = StorageException.ForFullDisk(failure);

        Assert.NotNull(translated);
        Assert.Equal(StorageException.InsufficientStorage, translated.Code);
        Assert.Null(StorageException.ForFullDisk(new IOException("The client went away.")));
    }
}
