using System.Security.Cryptography;
using Strata.Storage.Trees;

namespace Strata.Storage.Tests.Stores;

/// <summary>
/// One contract for every content store (the folder and S3): what the engine relies on, run against each. A new
/// store passes these or it does not ship.
/// </summary>
public sealed class ContentStoreContractTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(ContentStores.Kinds), MemberType = typeof(ContentStores))]
    public async Task ABlobIsStoredOnceByItsHashAndReadBack(string kind)
    {
        await using var stores = await ContentStores.CreateAsync(kind);
        var bytes = "week 1: read chapter 2\n"u8.ToArray();

        var first = await stores.Blobs.PutAsync(new MemoryStream(bytes), default);
        var again = await stores.Blobs.PutAsync(new MemoryStream(bytes), default);

        Assert.Equal(ContentId.Compute(bytes), first.Id);
        Assert.Equal((true, false, bytes.Length), (first.Created, again.Created, (int)first.Size));
        Assert.Equal(bytes.Length, await stores.Blobs.GetSizeAsync(first.Id, default));
        Assert.True(await stores.Blobs.ExistsAsync(first.Id, default));
        Assert.Equal(bytes, await ReadAllAsync(stores, first.Id));
    }

    [Theory]
    [MemberData(nameof(ContentStores.Kinds), MemberType = typeof(ContentStores))]
    public async Task AnEmptyBlobIsABlobToo(string kind)
    {
        await using var stores = await ContentStores.CreateAsync(kind);

        var empty = await stores.Blobs.PutAsync(new MemoryStream(), default);

        Assert.Equal((ContentId.Compute([]), 0L), (empty.Id, empty.Size));
        Assert.Empty(await ReadAllAsync(stores, empty.Id));
    }

    /// <summary>20 MiB from a stream that cannot seek: several parts on S3, never held whole.</summary>
    [Theory]
    [MemberData(nameof(ContentStores.Kinds), MemberType = typeof(ContentStores))]
    public async Task ALargeBlobStreamsInAndOut(string kind)
    {
        await using var stores = await ContentStores.CreateAsync(kind);
        const long size = 20L * 1024 * 1024 + 12345;

        var stored = await stores.Blobs.PutAsync(new GeneratedStream(size), default);

        using var expected = SHA256.Create();
        Assert.Equal(ContentId.FromHash(await expected.ComputeHashAsync(new GeneratedStream(size))), stored.Id);
        Assert.Equal(size, stored.Size);
        await using var read = await stores.Blobs.OpenReadAsync(stored.Id, default);
        using var actual = SHA256.Create();
        Assert.Equal(stored.Id, ContentId.FromHash(await actual.ComputeHashAsync(read)));
        Assert.DoesNotContain(await stores.ObjectsAsync(), key => key.Contains("tmp", StringComparison.Ordinal));
    }

    /// <summary>Range downloads seek the blob's stream: the bytes from there on, and the length, must be right.</summary>
    [Theory]
    [MemberData(nameof(ContentStores.Kinds), MemberType = typeof(ContentStores))]
    public async Task ABlobIsReadFromAnyOffset(string kind)
    {
        await using var stores = await ContentStores.CreateAsync(kind);
        var bytes = Enumerable.Range(0, 100_000).Select(n => (byte)(n % 253)).ToArray();
        var id = (await stores.Blobs.PutAsync(new MemoryStream(bytes), default)).Id;

        await using var stream = await stores.Blobs.OpenReadAsync(id, default);
        Assert.True(stream.CanSeek);
        Assert.Equal(bytes.Length, stream.Length);
        stream.Seek(70_000, SeekOrigin.Begin);
        var tail = new byte[500];
        await stream.ReadExactlyAsync(tail);
        stream.Seek(10, SeekOrigin.Begin);
        var head = new byte[20];
        await stream.ReadExactlyAsync(head);

        Assert.Equal(bytes.AsSpan(70_000, 500).ToArray(), tail);
        Assert.Equal(bytes.AsSpan(10, 20).ToArray(), head);
    }

    [Theory]
    [MemberData(nameof(ContentStores.Kinds), MemberType = typeof(ContentStores))]
    public async Task AMissingBlobIsNotFound(string kind)
    {
        await using var stores = await ContentStores.CreateAsync(kind);
        var missing = ContentId.Compute("never stored"u8);

        var error = await Assert.ThrowsAsync<StorageException>(() => stores.Blobs.OpenReadAsync(missing, default));

        Assert.Equal(StorageException.NotFound, error.Code);
        Assert.Null(await stores.Blobs.GetSizeAsync(missing, default));
        Assert.False(await stores.Blobs.ExistsAsync(missing, default));
    }

    /// <summary>A client that goes away mid-upload leaves nothing behind under any key, small or multipart.</summary>
    [Theory]
    [MemberData(nameof(ContentStores.Kinds), MemberType = typeof(ContentStores))]
    public async Task AnUploadThatFailsMidwayLeavesNoObject(string kind)
    {
        await using var stores = await ContentStores.CreateAsync(kind);

        await Assert.ThrowsAsync<IOException>(() => stores.Blobs.PutAsync(new GeneratedStream(20L * 1024 * 1024, failAt: 17L * 1024 * 1024), default));
        await Assert.ThrowsAsync<IOException>(() => stores.Blobs.PutAsync(new GeneratedStream(1024 * 1024, failAt: 1000), default));

        Assert.Empty(await stores.ObjectsAsync());
    }

    [Theory]
    [MemberData(nameof(ContentStores.Kinds), MemberType = typeof(ContentStores))]
    public async Task AReachableStoreAnswersItsProbe(string kind)
    {
        await using var stores = await ContentStores.CreateAsync(kind);

        await stores.Blobs.ProbeAsync(default);
    }

    /// <summary>A wide folder (chunks and indexes) written through one node reads back whole through another, cold.</summary>
    [Theory]
    [MemberData(nameof(ContentStores.Kinds), MemberType = typeof(ContentStores))]
    public async Task FoldersWrittenOnOneNodeReadBackOnAnother(string kind)
    {
        await using var stores = await ContentStores.CreateAsync(kind);
        var writer = new TreeEditor(stores.NewTreeStore(), Tree.EmptyId);
        for (var n = 0; n < 1_500; n++)
            await writer.PutFileAsync(StoragePath.Parse($"wide/file-{n:D4}.txt"), ContentId.Compute(BitConverter.GetBytes(n)), n, Time, default);
        var root = (await writer.CommitAsync(default)).Id;

        var reader = stores.NewTreeStore();
        var listed = await new TreeEditor(reader, root).ListAsync(StoragePath.Parse("wide"), default);

        Assert.Equal(1_500, listed.Count);
        Assert.Equal("file-0750.txt", listed[750].Name);
        var missing = await Assert.ThrowsAsync<StorageException>(() => reader.GetNodeAsync(ContentId.Compute("no such folder"u8), default));
        Assert.Equal(StorageException.NotFound, missing.Code);
    }

    private static async Task<byte[]> ReadAllAsync(ContentStores stores, ContentId id)
    {
        await using var stream = await stores.Blobs.OpenReadAsync(id, default);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
