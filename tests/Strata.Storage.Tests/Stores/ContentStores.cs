using Strata.Storage.Blobs;
using Strata.Storage.Objects;
using Strata.Storage.S3;
using Strata.Storage.Trees;

namespace Strata.Storage.Tests.Stores;

/// <summary>
/// The content stores a contract test runs against: the folder stores the server uses today, blobs and trees
/// over a folder of objects, and over S3 when STRATA_TEST_S3 names an S3-protocol server (tests/tools/s3/start
/// prints one; .ci/run starts it). Each gets a fresh folder or bucket.
/// </summary>
public abstract class ContentStores : IAsyncDisposable
{
    public abstract IBlobStore Blobs { get; }

    /// <summary>A tree store over the same objects with a cold cache, as another node would have.</summary>
    public abstract ITreeStore NewTreeStore();

    /// <summary>Every object the store holds now (blobs, trees, temporary ones, uploads in flight), by key or relative path.</summary>
    public abstract Task<IReadOnlyList<string>> ObjectsAsync();

    public abstract ValueTask DisposeAsync();

    public static TheoryData<string> Kinds()
    {
        var kinds = new TheoryData<string> { "folder", "objects" };
        if (S3TestServer.Endpoint is not null)
            kinds.Add("s3");
        return kinds;
    }

    public static async Task<ContentStores> CreateAsync(string kind) => kind switch
    {
        "folder" => new FolderStores(),
        "objects" => ObjectStores.InFolder(),
        "s3" => await S3Stores.OpenAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "folder, objects or s3"),
    };

    private static Task<IReadOnlyList<string>> FilesUnder(string folder) => Task.FromResult<IReadOnlyList<string>>(
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f))]);

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "strata-store-contract", Guid.NewGuid().ToString("N"));

    /// <summary>FileSystemBlobStore and FileSystemTreeStore, as the server is wired today.</summary>
    private sealed class FolderStores : ContentStores
    {
        private readonly string folder = NewFolder();
        private readonly List<FileSystemTreeStore> trees = [];

        public FolderStores() => Blobs = new FileSystemBlobStore(Path.Combine(folder, "blobs"));

        public override IBlobStore Blobs { get; }

        public override ITreeStore NewTreeStore()
        {
            var store = new FileSystemTreeStore(Path.Combine(folder, "trees"));
            trees.Add(store);
            return store;
        }

        public override Task<IReadOnlyList<string>> ObjectsAsync() => FilesUnder(folder);

        public override ValueTask DisposeAsync()
        {
            foreach (var store in trees)
                store.Dispose();
            Directory.Delete(folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>ObjectBlobStore and ObjectTreeStore over any object store: a folder of objects here, a bucket below.</summary>
    private class ObjectStores(IObjectStore objects, string? folder) : ContentStores
    {
        private readonly List<ObjectTreeStore> trees = [];

        public override IBlobStore Blobs { get; } = new ObjectBlobStore(objects);

        public static ObjectStores InFolder()
        {
            var folder = NewFolder();
            return new ObjectStores(new FileSystemObjectStore(folder), folder);
        }

        public override ITreeStore NewTreeStore()
        {
            var store = new ObjectTreeStore(objects);
            trees.Add(store);
            return store;
        }

        public override Task<IReadOnlyList<string>> ObjectsAsync() => FilesUnder(folder!);

        public override ValueTask DisposeAsync()
        {
            foreach (var store in trees)
                store.Dispose();
            if (folder is not null)
                Directory.Delete(folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class S3Stores(S3ObjectStore bucket, UploadLedger uploads) : ObjectStores(bucket, folder: null)
    {
        public static async Task<S3Stores> OpenAsync()
        {
            var (store, uploads) = await S3TestServer.NewBucketAsync();
            return new S3Stores(store, uploads);
        }

        public override Task<IReadOnlyList<string>> ObjectsAsync() => S3TestServer.LeftoversAsync(bucket.Location.Bucket, uploads);

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await S3TestServer.DeleteBucketAsync(bucket.Location.Bucket);
            bucket.Dispose();
        }
    }
}
