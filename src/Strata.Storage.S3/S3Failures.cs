using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace Strata.Storage.S3;

/// <summary>
/// S3 failures as the engine's: a missing key not_found, a store that does not answer (network, time-out, 5xx) or
/// no longer takes the node's credentials (401/403: a key rotated or a bucket policy changed under a running node)
/// unavailable — so the host answers 404 or 503, never a 500, and serves again once the operator fixes it. A failure of the caller's own source stream passes
/// through untouched (it is read outside these calls).
/// </summary>
internal static class S3Failures
{
    public static async Task<T> Guard<T>(Func<Task<T>> call, string key, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (IsNotFound(e))
        {
            throw new StorageException(StorageException.NotFound, $"The object {key} is missing from the content store.");
        }
        catch (AmazonS3Exception e) when (IsRefused(e))
        {
            throw new StorageException(StorageException.Unavailable,
                $"The content store (S3) refuses this node's credentials ({e.ErrorCode}): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket's policy.");
        }
        catch (Exception e) when (IsUnavailable(e, ct))
        {
            throw new StorageException(StorageException.Unavailable, $"The content store (S3) does not answer: {e.Message}");
        }
    }

    public static Task Guard(Func<Task> call, string key, CancellationToken ct) => Guard(async () =>
    {
        await call();
        return true;
    }, key, ct);

    public static bool IsNotFound(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode is "NoSuchKey" or "NotFound";

    public static bool IsRefused(AmazonS3Exception e) =>
        e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
        || e.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken" or "AccessDenied";

    private static bool IsUnavailable(Exception e, CancellationToken ct) => e switch
    {
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.StatusCode == 0,
        OperationCanceledException => !ct.IsCancellationRequested,
        AmazonClientException or HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };
}
