using Microsoft.AspNetCore.Server.Kestrel.Core;
using Strata.Storage;

namespace Strata.Server.Hosting;

/// <summary>
/// Kestrel's request limits, sized to the contract: a file URL carries a path of up to 4096 bytes, each byte of
/// a non-ASCII name percent-encoded as three characters, after the org, space, instance and state slugs. Kestrel's
/// default 8 KiB request line refuses such a URL before Strata sees it.
/// </summary>
internal static class RequestLimits
{
    /// <summary>The longest file path percent-encoded, with room for the prefix, a query and the method and version.</summary>
    public const int MaxRequestLine = 3 * StoragePath.MaxPathBytes + 8 * 1024;

    public static void Apply(KestrelServerOptions options)
    {
        options.Limits.MaxRequestLineSize = MaxRequestLine;
        // A browser repeats the page's URL in Referer, beside its cookies and other headers.
        options.Limits.MaxRequestHeadersTotalSize = 2 * MaxRequestLine + 32 * 1024;
        // HTTP/2 and HTTP/3 carry the target as the :path header field.
        options.Limits.Http2.MaxRequestHeaderFieldSize = MaxRequestLine;
        options.Limits.Http3.MaxRequestHeaderFieldSize = MaxRequestLine;
    }
}
