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
}
