using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Strata.Storage.S3;

/// <summary>
/// Where the content lives on S3-compatible storage, from STRATA_BLOBS (<c>s3://bucket</c> or
/// <c>s3://bucket/prefix</c>) and the standard AWS variables (API.md "Server start-up, continued").
/// </summary>
public sealed record S3Address(string Bucket, string Prefix)
{
    public static bool IsS3(string? value) => value is not null && value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <c>s3://bucket[/prefix]</c>; throws <see cref="ArgumentException"/> with a sentence saying what is wrong.</summary>
    public static S3Address Parse(string url)
    {
        if (!IsS3(url))
            throw new ArgumentException("An S3 location starts with s3://, as in s3://strata-content or s3://shared-bucket/strata.");
        var rest = url["s3://".Length..].Trim('/');
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
            throw new ArgumentException($"\"{bucket}\" is not a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens.");
        return new S3Address(bucket, prefix.Length == 0 ? "" : prefix + "/");
    }

    /// <summary>
    /// A client from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (default us-east-1) and
    /// AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (a server other than AWS, addressed path-style).
    /// </summary>
    public static IAmazonS3 Client(Func<string, string?> environment)
    {
        string? Setting(string name) => environment(name) is { Length: > 0 } value ? value.Trim() : null;
        var region = Setting("AWS_REGION") ?? "us-east-1";
        var config = new AmazonS3Config
        {
            // Simple S3 servers refuse the newer default checksums; content ids are SHA-256 anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 2,
        };
        if ((Setting("AWS_ENDPOINT_URL_S3") ?? Setting("AWS_ENDPOINT_URL")) is { } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new ArgumentException($"The S3 endpoint \"{endpoint}\" is not an http(s) URL.");
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        var (key, secret) = (Setting("AWS_ACCESS_KEY_ID"), Setting("AWS_SECRET_ACCESS_KEY"));
        return key is not null && secret is not null
            ? new AmazonS3Client(new BasicAWSCredentials(key, secret), config)
            : new AmazonS3Client(config);
    }
}
