using Strata.Storage.Objects;
using Strata.Storage.S3;
using Strata.Storage.Tests.Stores;

namespace Strata.Storage.Tests.Objects;

/// <summary>The object contract on a real S3-protocol server (s3rver in CI), in a bucket made for each test.</summary>
[NeedsVariable(S3TestServer.Variable, S3TestServer.SkipReason)]
public sealed class S3ObjectStoreTests : ObjectStoreContractTests
{
    private S3ObjectStore? bucket;
    private UploadLedger? uploads;

    /// <summary>Credentials the store stops taking under a running node (a rotated key): unavailable, so the host answers 503, not 500.</summary>
    [StoreFact]
    public async Task RefusedCredentialsMakeTheStoreUnavailable()
    {
        var store = bucket!;
        using var refused = new S3ObjectStore(S3Address.Client(name => name is "AWS_ACCESS_KEY_ID" or "AWS_SECRET_ACCESS_KEY" ? "ROTATED" : S3TestServer.Setting(name)), store.Location);
        await store.PutAsync("there", new MemoryStream([1, 2, 3]), CancellationToken.None);

        var failures = new List<StorageException>
        {
            await Assert.ThrowsAsync<StorageException>(() => refused.OpenReadAsync("there", null, CancellationToken.None)),
            await Assert.ThrowsAsync<StorageException>(() => refused.PutAsync("new", new MemoryStream([4]), CancellationToken.None)),
            await Assert.ThrowsAsync<StorageException>(() => refused.ExistsAsync("there", CancellationToken.None)),
            await Assert.ThrowsAsync<StorageException>(() => refused.GetSizeAsync("there", CancellationToken.None)),
            await Assert.ThrowsAsync<StorageException>(() => refused.ProbeAsync(CancellationToken.None)),
        };

        Assert.All(failures, e => Assert.Equal(StorageException.Unavailable, e.Code));
        Assert.Contains("AWS_SECRET_ACCESS_KEY", failures[0].Message, StringComparison.Ordinal);
        Assert.False(await store.ExistsAsync("new", CancellationToken.None));
    }

    protected override async Task<IObjectStore> CreateStoreAsync()
    {
        (bucket, uploads) = await S3TestServer.NewBucketAsync();
        return bucket;
    }

    protected override async Task<IReadOnlyList<string>> LeftoversAsync() =>
        [.. (await S3TestServer.LeftoversAsync(bucket!.Location.Bucket, uploads!)).Select(key => key.Replace("content/", "", StringComparison.Ordinal))];

    protected override async Task DeleteStoreAsync()
    {
        await S3TestServer.DeleteBucketAsync(bucket!.Location.Bucket);
        bucket.Dispose();
    }
}
