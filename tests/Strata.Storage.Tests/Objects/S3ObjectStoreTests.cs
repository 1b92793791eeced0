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
