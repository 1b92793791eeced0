using System.Security.Cryptography;
using Strata.Storage.Objects;
using Strata.Storage.Tests.Stores;

namespace Strata.Storage.Tests.Objects;

/// <summary>
/// What blobs and trees rely on from an object store, once for every store: a subclass per store gives a fresh,
/// empty one (a folder, a bucket) and says what is left in it. A new store passes these or it does not ship.
/// </summary>
public abstract class ObjectStoreContractTests : IAsyncLifetime
{
    private IObjectStore? store;

    protected IObjectStore Store => store ?? throw new InvalidOperationException("The store is created before each test.");

    protected abstract Task<IObjectStore> CreateStoreAsync();

    /// <summary>Everything the store holds: objects, temporary files, multipart uploads not finished.</summary>
    protected abstract Task<IReadOnlyList<string>> LeftoversAsync();

    protected abstract Task DeleteStoreAsync();

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (store is not null)
            await DeleteStoreAsync();
    }

    /// <summary>The collector's trash (docs/storage.md): a blob or folder a state still names is put back by the read that misses it, on any node.</summary>
    [StoreFact]
    public async Task ABlobOrFolderInTheTrashIsPutBackByTheReadThatNeedsIt()
    {
        var blobs = new Blobs.ObjectBlobStore(Store);
        var blob = await blobs.PutAsync(new MemoryStream("taken by the collector"u8.ToArray()), default);
        ContentId folder;
        using (var writer = new Trees.ObjectTreeStore(Store))
            folder = await writer.PutNodeAsync(new Trees.Tree([Trees.TreeEntry.File("a.txt", blob.Id, blob.Size, DateTimeOffset.UnixEpoch)]), default);
        string[] keys = [ObjectKeys.Of(ObjectKeys.Blobs, blob.Id), ObjectKeys.Of(ObjectKeys.Trees, folder)];
        foreach (var key in keys)
            await Store.MoveAsync(key, Trash.KeyOf(key), default);

        using var otherNode = new Trees.ObjectTreeStore(Store);
        var read = (Trees.Tree)await otherNode.GetNodeAsync(folder, default);
        await using var content = await blobs.OpenReadAsync(read.Entries[0].Id, default);
        using var text = new StreamReader(content);

        Assert.Equal("taken by the collector", await text.ReadToEndAsync());
        foreach (var key in keys)
            Assert.Equal((true, false), (await Store.ExistsAsync(key, default), await Store.ExistsAsync(Trash.KeyOf(key), default)));
    }

    [StoreFact]
    public async Task AnObjectReadsBackAsPut()
    {
        var bytes = "week 1: read chapter 2\n"u8.ToArray();

        var size = await Store.PutAsync("notes/week-1.txt", new MemoryStream(bytes), default);

        Assert.Equal(bytes.Length, size);
        Assert.Equal(bytes, await ReadAsync("notes/week-1.txt", range: null));
    }

    [StoreFact]
    public async Task AnEmptyObjectIsAnObject()
    {
        Assert.Equal(0, await Store.PutAsync("empty", new MemoryStream(), default));

        Assert.Equal((true, 0L), (await Store.ExistsAsync("empty", default), await Store.GetSizeAsync("empty", default) ?? -1));
        Assert.Empty(await ReadAsync("empty", range: null));
    }

    /// <summary>Content-addressed keys are put again with the same bytes (two uploads of one file): nothing changes.</summary>
    [StoreFact]
    public async Task PuttingTheSameBytesAgainChangesNothing()
    {
        var bytes = "same bytes"u8.ToArray();
        await Store.PutAsync("blobs/same", new MemoryStream(bytes), default);

        await Store.PutAsync("blobs/same", new MemoryStream(bytes), default);

        Assert.Equal(bytes.Length, await Store.GetSizeAsync("blobs/same", default));
        Assert.Equal(bytes, await ReadAsync("blobs/same", range: null));
        Assert.Equal(["blobs/same"], Normalized(await LeftoversAsync()));
    }

    [StoreFact]
    public async Task AMissingKeyIsNotFound()
    {
        var opened = await Assert.ThrowsAsync<StorageException>(() => Store.OpenReadAsync("never/put", range: null, default));
        var copied = await Assert.ThrowsAsync<StorageException>(() => Store.CopyAsync("never/put", "elsewhere", default));

        Assert.Equal((StorageException.NotFound, StorageException.NotFound), (opened.Code, copied.Code));
        Assert.Null(await Store.GetSizeAsync("never/put", default));
        Assert.False(await Store.ExistsAsync("never/put", default));
        await Store.DeleteAsync("never/put", default);
        Assert.False(await Store.ExistsAsync("elsewhere", default));
    }

    [StoreFact]
    public async Task ARangeReadsOnlyItsBytes()
    {
        var bytes = Enumerable.Range(0, 100_000).Select(n => (byte)(n % 253)).ToArray();
        await Store.PutAsync("ranged", new MemoryStream(bytes), default);

        Assert.Equal(bytes[70_000..70_500], await ReadAsync("ranged", new ObjectRange(70_000, 500)));
        Assert.Equal(bytes[99_990..], await ReadAsync("ranged", new ObjectRange(99_990)));
        Assert.Equal(bytes[99_990..], await ReadAsync("ranged", new ObjectRange(99_990, 1_000)));
        Assert.Empty(await ReadAsync("ranged", new ObjectRange(100_000)));
        Assert.Empty(await ReadAsync("ranged", new ObjectRange(5, 0)));
        await Assert.ThrowsAsync<StorageException>(() => Store.OpenReadAsync("not/there", new ObjectRange(5, 10), default));
    }

    /// <summary>HTTP range downloads seek the stream: within a whole object and within a range.</summary>
    [StoreFact]
    public async Task AStreamSeeksWithinWhatWasAsked()
    {
        var bytes = Enumerable.Range(0, 100_000).Select(n => (byte)(n % 251)).ToArray();
        await Store.PutAsync("seek", new MemoryStream(bytes), default);

        await using var whole = await Store.OpenReadAsync("seek", range: null, default);
        await using var window = await Store.OpenReadAsync("seek", new ObjectRange(1_000, 2_000), default);

        Assert.Equal((true, 100_000L, true, 2_000L), (whole.CanSeek, whole.Length, window.CanSeek, window.Length));
        whole.Seek(70_000, SeekOrigin.Begin);
        window.Seek(1_500, SeekOrigin.Begin);
        var (fromWhole, fromWindow) = (new byte[300], new byte[500]);
        await whole.ReadExactlyAsync(fromWhole);
        await window.ReadExactlyAsync(fromWindow);
        Assert.Equal(bytes[70_000..70_300], fromWhole);
        Assert.Equal(bytes[2_500..3_000], fromWindow);
        Assert.Equal(0, await window.ReadAsync(new byte[10]));
    }

    [StoreFact]
    public async Task SizeAndExistenceFollowPutAndDelete()
    {
        await Store.PutAsync("a/b/c", new MemoryStream(new byte[1234]), default);

        Assert.Equal((true, 1234L), (await Store.ExistsAsync("a/b/c", default), await Store.GetSizeAsync("a/b/c", default) ?? -1));

        await Store.DeleteAsync("a/b/c", default);

        Assert.Equal((false, (long?)null), (await Store.ExistsAsync("a/b/c", default), await Store.GetSizeAsync("a/b/c", default)));
        await Assert.ThrowsAsync<StorageException>(() => Store.OpenReadAsync("a/b/c", range: null, default));
        Assert.Empty(await LeftoversAsync());
    }

    [StoreFact]
    public async Task ACopyIsASecondObjectWithTheSameBytes()
    {
        var bytes = "copied inside the store"u8.ToArray();
        await Store.PutAsync("tmp/upload", new MemoryStream(bytes), default);

        await Store.CopyAsync("tmp/upload", "blobs/ab/cd/final", default);
        await Store.DeleteAsync("tmp/upload", default);

        Assert.Equal(bytes, await ReadAsync("blobs/ab/cd/final", range: null));
        Assert.Equal(["blobs/ab/cd/final"], Normalized(await LeftoversAsync()));
    }

    /// <summary>20 MiB from a stream that cannot seek: several parts on S3, read and sent a part at a time.</summary>
    [StoreFact]
    public async Task ALargeObjectStreamsInAndOut()
    {
        const long size = 20L * 1024 * 1024 + 12345;

        Assert.Equal(size, await Store.PutAsync("large", new GeneratedStream(size), default));

        Assert.Equal(size, await Store.GetSizeAsync("large", default));
        await using var read = await Store.OpenReadAsync("large", range: null, default);
        Assert.Equal(await SHA256.HashDataAsync(new GeneratedStream(size)), await SHA256.HashDataAsync(read));
        Assert.Equal(["large"], Normalized(await LeftoversAsync()));
    }

    /// <summary>A client that goes away mid-upload leaves nothing: no object, no temporary file, no multipart upload.</summary>
    [StoreFact]
    public async Task APutWhoseSourceFailsLeavesNothing()
    {
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync("large", new GeneratedStream(20L * 1024 * 1024, failAt: 17L * 1024 * 1024), default));
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync("small", new GeneratedStream(1024 * 1024, failAt: 1000), default));

        Assert.False(await Store.ExistsAsync("large", default));
        Assert.False(await Store.ExistsAsync("small", default));
        Assert.Empty(await LeftoversAsync());
    }

    [StoreFact]
    public async Task AReachableStoreAnswersItsProbe() => await Store.ProbeAsync(default);

    [StoreFact]
    public async Task AKeyCannotLeaveTheStore()
    {
        foreach (var key in new[] { "../outside", "/absolute", "a//b", "a/../b", ".hidden", "a\\b", "" })
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(key, new MemoryStream([1]), default));
    }

    [StoreFact]
    public async Task AMovedObjectIsUnderItsNewKeyOnly()
    {
        await Store.PutAsync("tmp/upload", new MemoryStream([1, 2, 3]), default);

        await Store.MoveAsync("tmp/upload", "blobs/ab/cd/abcd", default);

        Assert.False(await Store.ExistsAsync("tmp/upload", default));
        Assert.Equal([1, 2, 3], await ReadAsync("blobs/ab/cd/abcd", null));
        var missing = await Assert.ThrowsAsync<StorageException>(() => Store.MoveAsync("tmp/never", "blobs/ab/cd/other", default));
        Assert.Equal(StorageException.NotFound, missing.Code);
        Assert.False(await Store.ExistsAsync("blobs/ab/cd/other", default));
    }

    [StoreFact]
    public async Task AListingNamesEveryObjectUnderAPrefixWithItsSizeAndWriteTime()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Store.PutAsync("blobs/ab/cd/one", new MemoryStream(new byte[3]), default);
        await Store.PutAsync("blobs/ab/ef/two", new MemoryStream(new byte[5]), default);
        await Store.PutAsync("trees/ab/cd/three", new MemoryStream(new byte[7]), default);
        await Store.PutAsync("blobsy", new MemoryStream(new byte[1]), default);

        var blobs = new List<StoredObject>();
        await foreach (var item in Store.ListAsync("blobs/", default))
            blobs.Add(item);
        var all = new List<string>();
        await foreach (var item in Store.ListAsync("", default))
            all.Add(item.Key);
        var none = new List<string>();
        await foreach (var item in Store.ListAsync("nothing/", default))
            none.Add(item.Key);

        Assert.Equal([("blobs/ab/cd/one", 3L), ("blobs/ab/ef/two", 5L)], blobs.Select(b => (b.Key, b.Size)).OrderBy(b => b.Key, StringComparer.Ordinal));
        Assert.All(blobs, b => Assert.InRange(b.LastWritten, before, DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Equal(["blobs/ab/cd/one", "blobs/ab/ef/two", "blobsy", "trees/ab/cd/three"], all.Order(StringComparer.Ordinal));
        Assert.Empty(none);
    }

    [StoreFact]
    public async Task AListingPagesThroughManyObjects()
    {
        await Parallel.ForAsync(0, 1_050, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await Store.PutAsync($"many/{i:D5}", new MemoryStream([1]), ct));

        var keys = new HashSet<string>();
        await foreach (var item in Store.ListAsync("many/", default))
            keys.Add(item.Key);

        Assert.Equal(1_050, keys.Count);
    }

    private async Task<byte[]> ReadAsync(string key, ObjectRange? range)
    {
        await using var stream = await Store.OpenReadAsync(key, range, default);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string[] Normalized(IEnumerable<string> keys) => [.. keys.Select(k => k.Replace('\\', '/')).Order(StringComparer.Ordinal)];
}
