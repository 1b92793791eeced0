using Amazon.S3;
using Amazon.S3.Model;
using Strata.Storage.S3;

namespace Strata.Bench.Harness;

/// <summary>
/// Where the scenarios keep content (`--blobs folder|s3`, default folder). On S3 each host gets a bucket of its own
/// on one S3-protocol server: the one `--s3 URL` names (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
/// s3rver's by default), or an s3rver the bench starts with tests/tools/s3/start and stops at the end.
/// </summary>
public static class BenchContent
{
    private static string? endpoint;
    private static bool throwaway;

    public static bool OnS3 => endpoint is not null;

    public static string Describe => endpoint is null ? "folder" : $"S3 ({endpoint})";

    /// <summary>Content on the S3 server at <paramref name="url"/>; a throwaway one (started by the bench) is never emptied bucket by bucket.</summary>
    public static void UseS3(string url, bool startedHere)
    {
        endpoint = url;
        throwaway = startedHere;
    }

    /// <summary>The AWS_* settings a server or host needs for the bench's S3 server.</summary>
    public static IReadOnlyDictionary<string, string> Settings => endpoint is null ? new Dictionary<string, string>() : new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_S3"] = endpoint,
        ["AWS_ACCESS_KEY_ID"] = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "S3RVER",
    };

    public static string? Setting(string name) => Settings.TryGetValue(name, out var value) ? value : null;

    /// <summary>STRATA_BLOBS for a new host: a folder in its own folder, or a new bucket.</summary>
    public static string Create(string folder)
    {
        if (endpoint is null)
            return Path.Combine(folder, "content");
        var bucket = "bench-" + Guid.NewGuid().ToString("N")[..20];
        using var client = S3Address.Client(Setting);
        client.PutBucketAsync(bucket).GetAwaiter().GetResult();
        return $"s3://{bucket}/content";
    }

    /// <summary>Bytes stored under blobs/ or trees/ of a location.</summary>
    public static long Bytes(string location, string kind) => Measure(location, kind).Bytes;

    /// <summary>Objects (files or keys) and their bytes under blobs/ or trees/ of a location.</summary>
    public static (long Count, long Bytes) Measure(string location, string kind)
    {
        if (!S3Address.IsS3(location))
        {
            var folder = Path.Combine(location, kind);
            if (!Directory.Exists(folder))
                return (0, 0);
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).Select(f => new FileInfo(f).Length).ToList();
            return (files.Count, files.Sum());
        }
        var address = S3Address.Parse(location);
        using var client = S3Address.Client(Setting);
        long count = 0, total = 0;
        var request = new ListObjectsV2Request { BucketName = address.Bucket, Prefix = address.Prefix + kind + "/", MaxKeys = 100 };
        ListObjectsV2Response page;
        do
        {
            page = client.ListObjectsV2Async(request).GetAwaiter().GetResult();
            count += page.S3Objects?.Count ?? 0;
            total += (page.S3Objects ?? []).Sum(o => o.Size ?? 0);
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return (count, total);
    }

    /// <summary>
    /// Removes a host's bucket with everything in it on a server the bench was pointed at (a folder goes with the
    /// host's folder; a throwaway s3rver goes whole at the end — it also fails to list buckets of many thousand objects).
    /// </summary>
    public static void Drop(string location)
    {
        if (!S3Address.IsS3(location) || throwaway)
            return;
        var address = S3Address.Parse(location);
        using var client = S3Address.Client(Setting);
        for (var listed = client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = address.Bucket }).GetAwaiter().GetResult();
             listed.S3Objects is { Count: > 0 } objects;
             listed = client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = address.Bucket }).GetAwaiter().GetResult())
        {
            // One request per object: not every S3-compatible server takes DeleteObjects (s3rver fails it).
            Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (item, ct) => await client.DeleteObjectAsync(address.Bucket, item.Key, ct)).GetAwaiter().GetResult();
        }
        client.DeleteBucketAsync(address.Bucket).GetAwaiter().GetResult();
    }
}
