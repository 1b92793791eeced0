using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.S3.Model;

namespace Strata.Storage.Tests.Stores;

/// <summary>
/// The multipart uploads a real client started, completed and aborted, read from its own request and response
/// events: where the server cannot list open uploads (s3rver), this says whether the store left one open.
/// </summary>
internal sealed class UploadLedger
{
    private readonly ConcurrentDictionary<string, string> started = new();
    private readonly ConcurrentDictionary<string, bool> ended = new();

    public UploadLedger(AmazonServiceClient client)
    {
        client.AfterResponseEvent += (_, e) =>
        {
            if (e is WebServiceResponseEventArgs { Response: InitiateMultipartUploadResponse initiated })
                started[initiated.UploadId] = initiated.Key;
        };
        client.BeforeRequestEvent += (_, e) =>
        {
            switch ((e as WebServiceRequestEventArgs)?.Request)
            {
                case AbortMultipartUploadRequest abort:
                    ended[abort.UploadId] = true;
                    break;
                case CompleteMultipartUploadRequest complete:
                    ended[complete.UploadId] = true;
                    break;
            }
        };
    }

    /// <summary>Keys of uploads started and neither completed nor aborted.</summary>
    public IEnumerable<string> Open => started.Where(u => !ended.ContainsKey(u.Key)).Select(u => u.Value);
}
