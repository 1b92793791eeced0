using Microsoft.AspNetCore.Http.Features;
using Strata.Core.Errors;
using Strata.Storage;

namespace Strata.Server.Api;

/// <summary>
/// The file path of a request, from the request target as the client sent it. Routing decodes every escape but
/// %2F, so "50%252F100.txt" (a name holding the three characters %2F) and "50%2F100.txt" (a '/' inside a name)
/// would arrive alike; decoding each raw segment once tells them apart.
/// </summary>
internal static class RawFilePath
{
    /// <summary>The path of the <paramref name="routed"/> {**path} value, each segment decoded once, joined by '/'.</summary>
    public static string? Of(HttpContext http, string? routed)
    {
        if (string.IsNullOrEmpty(routed))
            return routed;
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
            return Routed(routed);
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var target = query < 0 ? raw : raw[..query];
        // Absolute-form targets ("http://host/api/…") carry the path after the authority.
        if (!target.StartsWith('/') && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
            target = target[(target.IndexOf('/', absolute.Scheme.Length + 3) is var slash and >= 0 ? slash : target.Length)..];
        var all = target.Split('/');
        var decoded = all.Select(Uri.UnescapeDataString).ToArray();
        if (decoded.Any(s => s is "." or ".."))
            throw new DomainException(ErrorCodes.InvalidPath, "A path may not contain '.' or '..' segments: name each folder.");
        // The routed value has as many '/' as the raw path's tail it came from: %2F stays encoded in both.
        var count = routed.Split('/').Length;
        if (count > decoded.Length)
            return Routed(routed);
        var segments = decoded[^count..];
        if (segments.FirstOrDefault(s => s.Contains('/')) is { } slashed)
            throw new DomainException(ErrorCodes.InvalidPath,
                $"A file or folder name cannot contain '/' (\"{slashed}\" arrived with it encoded as %2F). Choose another name.");
        return string.Join('/', segments);
    }

    /// <summary>A server that gives no raw target: the routed value, where %2F can only have been a '/'.</summary>
    private static string Routed(string routed) =>
        routed.Contains("%2F", StringComparison.OrdinalIgnoreCase)
            ? throw new DomainException(ErrorCodes.InvalidPath, "A file or folder name cannot contain '/' (it arrived encoded as %2F). Choose another name.")
            : routed;

    /// <summary>The URL of a file or folder of a state: each segment percent-encoded (API.md), so it fits a Location header.</summary>
    public static string Location(string org, string space, string instance, string state, string path) =>
        $"{ApiRoutes.Base}/orgs/{Uri.EscapeDataString(org)}/spaces/{Uri.EscapeDataString(space)}/instances/{Uri.EscapeDataString(instance)}"
        + $"/states/{Uri.EscapeDataString(state)}/files/{string.Join('/', StoragePath.Parse(path).Segments.Select(Uri.EscapeDataString))}";
}
