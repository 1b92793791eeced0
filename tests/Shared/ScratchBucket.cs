using Amazon.S3;
using Amazon.S3.Model;
using Strata.Storage.S3;

namespace Strata.Tests.Databases;

/// <summary>
/// A bucket of one test's own on the S3-protocol server STRATA_TEST_S3 names (tests/tools/s3/start; .ci/run runs
/// the PostgreSQL pass on PostgreSQL + S3 with it). Null when the variable is unset: the content is a folder then.
/// </summary>
public sealed class ScratchBucket : IDisposable
{
    public const string Variable = "STRATA_TEST_S3";

    /// <summary>s3rver's own credentials.</summary>
    public const string Credential = "S3RVER";

    private readonly IAmazonS3 client;

    private ScratchBucket(string endpoint, string name)
    {
        Endpoint = endpoint;
        Name = name;
        client = S3Address.Client(Lookup(endpoint));
        client.PutBucketAsync(name).GetAwaiter().GetResult();
    }

    public static string? Server => System.Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The server pass of .ci/run: PostgreSQL and S3 together.</summary>
    public static bool InUse => Server is not null && ScratchDatabase.OnPostgres;

    public string Endpoint { get; }

    public string Name { get; }

    /// <summary>STRATA_BLOBS for a server on this bucket.</summary>
    public string Location => $"s3://{Name}/content";

    /// <summary>The AWS_* settings a server needs to reach it.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_S3"] = Endpoint,
        ["AWS_ACCESS_KEY_ID"] = Credential,
        ["AWS_SECRET_ACCESS_KEY"] = Credential,
    };

    public static ScratchBucket? CreateIfInUse() => InUse ? new ScratchBucket(Server!, "strata-" + Guid.NewGuid().ToString("N")[..20]) : null;

    /// <summary>The bucket goes (as if the store lost it); <see cref="BringBack"/> makes it again.</summary>
    public void TakeAway() => Empty(deleteBucket: true);

    public void BringBack() => client.PutBucketAsync(Name).GetAwaiter().GetResult();

    /// <summary>Objects and bytes under a prefix of the content (such as "blobs/").</summary>
    public (long Objects, long Bytes) Usage(string prefix)
    {
        long objects = 0, bytes = 0;
        var request = new Amazon.S3.Model.ListObjectsV2Request { BucketName = Name, Prefix = "content/" + prefix };
        Amazon.S3.Model.ListObjectsV2Response page;
        do
        {
            page = client.ListObjectsV2Async(request).GetAwaiter().GetResult();
            foreach (var found in page.S3Objects ?? [])
            {
                objects++;
                bytes += found.Size ?? 0;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return (objects, bytes);
    }

    /// <summary>Removes one object (a key under the content prefix, such as blobs/ab/cd/&lt;id&gt;), as a failing store might.</summary>
    public void Delete(string key) => client.DeleteObjectAsync(Name, "content/" + key).GetAwaiter().GetResult();

    /// <summary>Replaces one object's bytes (a key under the content prefix).</summary>
    public void Overwrite(string key, byte[] bytes) =>
        client.PutObjectAsync(new PutObjectRequest { BucketName = Name, Key = "content/" + key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false }).GetAwaiter().GetResult();

    public void Dispose()
    {
        try
        {
            Empty(deleteBucket: true);
        }
        catch (AmazonS3Exception)
        {
            // Already gone.
        }
        finally
        {
            client.Dispose();
        }
    }

    private void Empty(bool deleteBucket)
    {
        var listed = client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Name }).GetAwaiter().GetResult();
        while (listed.S3Objects is { Count: > 0 })
        {
            foreach (var item in listed.S3Objects)
                client.DeleteObjectAsync(Name, item.Key).GetAwaiter().GetResult();
            listed = client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Name }).GetAwaiter().GetResult();
        }
        if (deleteBucket)
            client.DeleteBucketAsync(Name).GetAwaiter().GetResult();
    }

    private static Func<string, string?> Lookup(string endpoint) => name => name switch
    {
        "AWS_ENDPOINT_URL_S3" => endpoint,
        "AWS_ACCESS_KEY_ID" or "AWS_SECRET_ACCESS_KEY" => Credential,
        _ => null,
    };
}
