using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Strata.Core.Errors;
using Strata.Core.States;
using Strata.Core.Sync;
using Strata.Server.Auth;

namespace Strata.Server.Api;

/// <summary>
/// The batch content API (SPEC §11; what `strata push` and `pull` use): ask which contents an instance still needs,
/// upload content by its SHA-256, apply many path changes as one update of the current state, and read a state's
/// whole manifest in one request.
/// </summary>
internal static class ContentApi
{
    public sealed record MissingRequest(IReadOnlyList<string>? Hashes);

    public sealed record MissingResponse(IReadOnlyList<string> Missing);

    public sealed record ChangesRequest(IReadOnlyList<PathChange>? Changes);

    public sealed record ChangesResponse(long Version);

    public sealed record PackResponse(IReadOnlyList<StagedView> Stored);

    public static RouteGroupBuilder MapContents(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs/{org}/spaces/{space}/instances/{instance}/states/{state}").WithTags("Batch content").RequireAuthorization();
        group.MapPost("/contents/missing", async (string org, string space, string instance, string state, MissingRequest request,
                CurrentUser me, ContentBatch batch, CancellationToken ct) =>
            TypedResults.Ok(new MissingResponse(await batch.MissingAsync(await me.ActorAsync(ct), new(org, space, instance), state, request.Hashes, ct))))
            .WithSummary("Which of these SHA-256 hashes the instance still needs from you: content neither you uploaded for it nor any of its states holds (current state only; writers).");
        group.MapPut("/contents/{hash}", async (string org, string space, string instance, string state, string hash,
                HttpContext http, CurrentUser me, ContentBatch batch, Strata.Core.States.ContentLimits limits, CancellationToken ct) =>
            {
                FilesApi.AcceptUpload(http, limits);
                var (content, created) = await batch.UploadAsync(await me.ActorAsync(ct), new(org, space, instance), state, hash, http.Request.Body, ct);
                return created ? Results.Created((string?)null, content) : Results.Ok(content);
            })
            .WithSummary("Upload content (raw body) named by its SHA-256 for a later batch of changes; a body that hashes otherwise is refused. 201 first time, 200 after.");
        group.MapPost("/contents", async (string org, string space, string instance, string state,
                HttpContext http, CurrentUser me, ContentBatch batch, ContentLimits limits, CancellationToken ct) =>
            {
                FilesApi.AcceptUpload(http, limits);
                var stored = await batch.UploadManyAsync(await me.ActorAsync(ct), new(org, space, instance), state, PartsAsync(http, limits, ct), ct);
                return TypedResults.Ok(new PackResponse(stored));
            })
            .WithSummary("Upload many contents at once: multipart/form-data, one part per content named by its SHA-256; any part that hashes otherwise refuses the pack.");
        group.MapPost("/changes", async (string org, string space, string instance, string state, ChangesRequest request,
                HttpContext http, CurrentUser me, ContentBatch batch, CancellationToken ct) =>
            {
                var version = await batch.ApplyAsync(await me.ActorAsync(ct), new(org, space, instance), state, request.Changes, FilesApi.IfMatch(http), ct);
                http.Response.Headers.ETag = FilesApi.Quoted(version);
                return TypedResults.Ok(new ChangesResponse(version));
            })
            .WithSummary("Apply changes in order as one update of the current state ({op: put, path, hash} | {op: delete, path} | {op: move, from, to} | {op: folder, path}); all or none. If-Match: the state's version.");
        group.MapGet("/manifest", async (string org, string space, string instance, string state, HttpContext http, CurrentUser me, ContentBatch batch, CancellationToken ct) =>
            {
                var manifest = await batch.ManifestAsync(await me.ActorAsync(ct), new(org, space, instance), state, ct);
                if (manifest.Version is { } version)
                    http.Response.Headers.ETag = FilesApi.Quoted(version);
                return TypedResults.Ok(manifest);
            })
            .WithSummary("Every file of the state with its size and SHA-256, and every folder; ETag (current state): its version.");
        return group;
    }

    private static async Task<MultipartSection?> NextAsync(MultipartReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadNextSectionAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new DomainException(ErrorCodes.InvalidRequest, $"The multipart body is malformed or was cut ({e.Message}); nothing of it was staged. Send it again.");
        }
    }

    /// <summary>The parts of a multipart body, streamed one after the other: (the part's name, its bytes).</summary>
    private static async IAsyncEnumerable<(string Hash, Stream Body)> PartsAsync(HttpContext http, ContentLimits limits, [EnumeratorCancellation] CancellationToken ct)
    {
        var boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
            throw new DomainException(ErrorCodes.InvalidRequest, "Send the contents as multipart/form-data, one part per content named by its SHA-256.");
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = limits.MaxUploadBytes };
        while (await NextAsync(reader, ct) is { } section)
        {
            var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ? HeaderUtilities.RemoveQuotes(disposition.Name).Value : null;
            yield return (name ?? throw new DomainException(ErrorCodes.InvalidRequest, "Every part of a pack needs a name: the SHA-256 of its content."), section.Body);
        }
    }
}
