using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Strata.Storage.S3;

namespace Strata.Storage.Tests.Stores;

/// <summary>
/// The S3-protocol server named by STRATA_TEST_S3 (tests/tools/s3/start prints its URL; .ci/run sets it), with
/// s3rver's default credentials; each test gets a bucket of its own and removes it.
/// </summary>
internal static class S3TestServer
{
    public const string Variable = "STRATA_TEST_S3";

    public const string SkipReason = "S3 only: set STRATA_TEST_S3 to an S3-protocol server (tests/tools/s3/start prints one), as .ci/run does.";

    public static string? Endpoint => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url : null;

    /// <summary>The settings a server would read from its environment, pointing at the test server.</summary>
    public static string? Setting(string name) => name switch
    {
        "AWS_ENDPOINT_URL_S3" => Endpoint ?? throw new InvalidOperationException($"{Variable} is not set."),
        "AWS_ACCESS_KEY_ID" or "AWS_SECRET_ACCESS_KEY" => "S3RVER",
        _ => null,
    };

    /// <summary>A new, empty bucket (s3://strata-test-&lt;random&gt;/content) and a store on it whose multipart uploads are watched.</summary>
    public static async Task<(S3ObjectStore Store, UploadLedger Uploads)> NewBucketAsync()
    {
        var location = S3Address.Parse($"s3://strata-test-{Guid.NewGuid():N}"[..34] + "/content");
        var client = S3Address.Client(Setting);
        await client.PutBucketAsync(location.Bucket);
        return (new S3ObjectStore(client, location), new UploadLedger((AmazonServiceClient)client));
    }

    /// <summary>
    /// Every object in the bucket, and every multipart upload neither completed nor aborted (as "upload:&lt;key&gt;").
    /// s3rver cannot list uploads (NotImplemented), so there the ledger of this store's own requests says which
    /// were left open.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LeftoversAsync(string bucket, UploadLedger uploads)
    {
        using var client = S3Address.Client(Setting);
        var objects = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        IEnumerable<string> open;
        try
        {
            open = ((await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []).Select(u => u.Key);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NotImplemented")
        {
            open = uploads.Open;
        }
        return [.. (objects.S3Objects ?? []).Select(o => o.Key), .. open.Select(key => "upload:" + key)];
    }

    public static async Task DeleteBucketAsync(string bucket)
    {
        using var client = S3Address.Client(Setting);
        for (var objects = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
             objects.S3Objects is { Count: > 0 } page;
             objects = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }))
        {
            await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) => await client.DeleteObjectAsync(bucket, item.Key, ct));
        }
        await client.DeleteBucketAsync(bucket);
    }
}
