using Amazon.S3;
using Amazon.S3.Model;
using Strata.Storage.Blobs;
using Strata.Storage.S3;
using Strata.Storage.Trees;

namespace Strata.Storage.Tests.Stores;

/// <summary>
/// The content stores a contract test runs against: the folder store always, and S3 when STRATA_TEST_S3 names an
/// S3-protocol server (tests/tools/s3/start prints one; .ci/run starts it). Each gets a fresh folder or bucket.
/// </summary>
public abstract class ContentStores : IAsyncDisposable
{
    public const string Variable = "STRATA_TEST_S3";

    public abstract IBlobStore Blobs { get; }

    /// <summary>A tree store over the same objects with a cold cache, as another node would have.</summary>
    public abstract ITreeStore NewTreeStore();

    /// <summary>Every object the store holds now (blobs, trees, temporary ones), by key or relative path.</summary>
    public abstract Task<IReadOnlyList<string>> ObjectsAsync();

    public abstract ValueTask DisposeAsync();

    public static TheoryData<string> Kinds()
    {
        var kinds = new TheoryData<string> { "folder" };
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 })
            kinds.Add("s3");
        return kinds;
    }

    public static async Task<ContentStores> CreateAsync(string kind) => kind switch
    {
        "folder" => new FolderStores(),
        "s3" => await S3Stores.OpenAsync(Environment.GetEnvironmentVariable(Variable)!),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "folder or s3"),
    };

    private sealed class FolderStores : ContentStores
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-store-contract", Guid.NewGuid().ToString("N"));
        private readonly List<FileSystemTreeStore> trees = [];

        public FolderStores() => Blobs = new FileSystemBlobStore(Path.Combine(folder, "blobs"));

        public override IBlobStore Blobs { get; }

        public override ITreeStore NewTreeStore()
        {
            var store = new FileSystemTreeStore(Path.Combine(folder, "trees"));
            trees.Add(store);
            return store;
        }

        public override Task<IReadOnlyList<string>> ObjectsAsync() => Task.FromResult<IReadOnlyList<string>>(
            [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f))]);

        public override ValueTask DisposeAsync()
        {
            foreach (var store in trees)
                store.Dispose();
            Directory.Delete(folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class S3Stores : ContentStores
    {
        private readonly IAmazonS3 client;
        private readonly S3Address location;
        private readonly List<S3TreeStore> trees = [];

        private S3Stores(IAmazonS3 client, S3Address location)
        {
            this.client = client;
            this.location = location;
            Blobs = new S3BlobStore(client, location);
        }

        public override IBlobStore Blobs { get; }

        public static async Task<S3Stores> OpenAsync(string endpoint)
        {
            var client = S3Address.Client(name => name switch
            {
                "AWS_ENDPOINT_URL_S3" => endpoint,
                "AWS_ACCESS_KEY_ID" or "AWS_SECRET_ACCESS_KEY" => "S3RVER",
                _ => null,
            });
            var location = S3Address.Parse($"s3://strata-test-{Guid.NewGuid():N}"[..34] + "/content");
            await client.PutBucketAsync(location.Bucket);
            return new S3Stores(client, location);
        }

        public override ITreeStore NewTreeStore()
        {
            var store = new S3TreeStore(client, location);
            trees.Add(store);
            return store;
        }

        public override async Task<IReadOnlyList<string>> ObjectsAsync()
        {
            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = location.Bucket });
            return [.. (listed.S3Objects ?? []).Select(o => o.Key)];
        }

        public override async ValueTask DisposeAsync()
        {
            foreach (var store in trees)
                store.Dispose();
            foreach (var key in await ObjectsAsync())
                await client.DeleteObjectAsync(location.Bucket, key);
            await client.DeleteBucketAsync(location.Bucket);
            client.Dispose();
        }
    }
}
