using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using Strata.Core.Compare;
using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Storage;
using Strata.Core.States;
using Strata.Storage.Blobs;
using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class FilesApi
{
    public sealed record MoveRequest(string? From, string? To);

    public sealed record CopyRequest(string? From, string? To, string? FromState = null);

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static RouteGroupBuilder MapFiles(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs/{org}/spaces/{space}/instances/{instance}/states/{state}").WithTags("Files").RequireAuthorization();
        group.MapGet("/files", Read).WithSummary("List the root folder; ETag is the state's version.");
        group.MapGet("/files/{**path}", Read).WithSummary("A folder listing, a file's bytes (ETag: its hash), or with ?meta=true the file's metadata.");
        group.MapPut("/files/{**path}", Upload).WithSummary("Upload a file (raw body, streamed); parents are created. If-Match: the state's version.");
        group.MapDelete("/files/{**path}", Delete).WithSummary("Delete a file or a folder with everything in it.");
        group.MapPost("/folders/{**path}", CreateFolder).WithSummary("Create a folder and its parents (200 when it exists).");
        group.MapPost("/move", Move).WithSummary("Move or rename a file or folder.");
        group.MapGet("/zip", Zip).WithSummary("The whole state as a zip archive, streamed as it is built.");
        group.MapGet("/zip/{**path}", Zip).WithSummary("A folder as a zip archive, streamed as it is built.");
        group.MapGet("/diff", async (string org, string space, string instance, string state, string? against, CurrentUser me, FileService files, CancellationToken ct) =>
            TypedResults.Ok(new DiffView(await files.DiffAsync(await me.ActorAsync(ct), new(org, space, instance), state, against, ct))))
            .WithSummary("Files added, modified and deleted from ?against={state} to this state.");
        group.MapGet("/diff/{**path}", async (string org, string space, string instance, string state, string path, string? against,
                HttpContext http, CurrentUser me, TextDiffService diffs, CancellationToken ct) =>
            TypedResults.Ok(await diffs.DiffAsync(await me.ActorAsync(ct), new(org, space, instance), state, against, RawFilePath.Of(http, path)!, ct)))
            .WithSummary("Line diff of one text file from ?against={state} to this state, in hunks (binary and files over 1 MiB: no lines).");
        group.MapPost("/copy", Copy).WithSummary("Copy a file or folder, also from another state of the instance (fromState); no bytes are copied.");
        return group;
    }

    private static async Task<IResult> Read(string org, string space, string instance, string state, string? path, bool? meta,
        HttpContext http, CurrentUser me, FileService files, Provenance provenance, CancellationToken ct)
    {
        path = RawFilePath.Of(http, path);
        var read = await files.ReadAsync(await me.ActorAsync(ct), new(org, space, instance), state, path, ct);
        if (read.Folder is { } folder)
        {
            if (folder.Path.Length == 0 && read.Version is { } version)
                http.Response.Headers.ETag = Quoted(version);
            return TypedResults.Ok(folder);
        }
        var file = read.File!;
        if (meta == true)
            return TypedResults.Ok(FileEntryView.Of(file) with { DeliveredBy = await provenance.FindAsync(read.InstanceId, StoragePath.Parse(path), file, ct) });
        var contentType = ContentTypes.TryGetContentType(file.Name, out var known) ? known : "application/octet-stream";
        return TypedResults.Stream(await files.OpenAsync(file, ct), contentType, file.Name, file.ModifiedAt,
            new EntityTagHeaderValue($"\"{file.Id}\""), enableRangeProcessing: true);
    }

    private static async Task<IResult> Zip(string org, string space, string instance, string state, string? path,
        HttpContext http, CurrentUser me, FileService files, CancellationToken ct)
    {
        var (name, folder) = await files.ZipSourceAsync(await me.ActorAsync(ct), new(org, space, instance), state, RawFilePath.Of(http, path), ct);
        // ZipArchive still writes some headers synchronously on a non-seekable stream, even through its async API.
        if (http.Features.Get<IHttpBodyControlFeature>() is { } body)
            body.AllowSynchronousIO = true;
        return Results.Stream(output => files.WriteZipAsync(folder, output, ct), "application/zip", name + ".zip");
    }

    private static async Task<IResult> Upload(string org, string space, string instance, string state, string path,
        HttpContext http, CurrentUser me, FileService files, ContentLimits limits, CancellationToken ct)
    {
        AcceptUpload(http, limits);
        path = RawFilePath.Of(http, path)!;
        var write = await files.UploadAsync(await me.ActorAsync(ct), new(org, space, instance), state, path, http.Request.Body, http.Request.ContentLength, IfMatch(http), ct);
        http.Response.Headers.ETag = Quoted(write.Version);
        return write.Created
            ? TypedResults.Created(RawFilePath.Location(org, space, instance, state, path), write.Entry)
            : TypedResults.Ok(write.Entry);
    }

    private static async Task<NoContent> Delete(string org, string space, string instance, string state, string path,
        HttpContext http, CurrentUser me, FileService files, CancellationToken ct)
    {
        var version = await files.DeleteAsync(await me.ActorAsync(ct), new(org, space, instance), state, RawFilePath.Of(http, path), IfMatch(http), ct);
        http.Response.Headers.ETag = Quoted(version);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateFolder(string org, string space, string instance, string state, string path,
        HttpContext http, CurrentUser me, FileService files, CancellationToken ct)
    {
        path = RawFilePath.Of(http, path)!;
        var (created, version) = await files.CreateFolderAsync(await me.ActorAsync(ct), new(org, space, instance), state, path, IfMatch(http), ct);
        http.Response.Headers.ETag = Quoted(version);
        return created ? TypedResults.Created(RawFilePath.Location(org, space, instance, state, path)) : TypedResults.Ok();
    }

    private static async Task<Ok> Move(string org, string space, string instance, string state, MoveRequest request,
        HttpContext http, CurrentUser me, FileService files, CancellationToken ct)
    {
        var version = await files.MoveAsync(await me.ActorAsync(ct), new(org, space, instance), state, request.From, request.To, IfMatch(http), ct);
        http.Response.Headers.ETag = Quoted(version);
        return TypedResults.Ok();
    }

    private static async Task<Created> Copy(string org, string space, string instance, string state, CopyRequest request,
        HttpContext http, CurrentUser me, FileService files, CancellationToken ct)
    {
        var version = await files.CopyAsync(await me.ActorAsync(ct), new(org, space, instance), state, request.From, request.To, request.FromState, IfMatch(http), ct);
        http.Response.Headers.ETag = Quoted(version);
        return TypedResults.Created(RawFilePath.Location(org, space, instance, state, request.To!));
    }

    /// <summary>
    /// Uploads stream straight into the content store up to STRATA_MAX_UPLOAD_BYTES (not Kestrel's 30 MB default); a
    /// declared length over it is refused before a byte is read.
    /// </summary>
    internal static void AcceptUpload(HttpContext http, ContentLimits limits)
    {
        if (http.Request.ContentLength > limits.MaxUploadBytes)
            throw LimitedStream.TooLarge(limits.MaxUploadBytes);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null;
    }

    internal static string Quoted(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The state version the caller read, from If-Match: "12" (* means no condition). If-Match compares strongly
    /// (RFC 9110 13.1.1): a weak tag never matches, so W/"12" fails as a stale version would.
    /// </summary>
    internal static long? IfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
            return null;
        if (header.StartsWith("W/", StringComparison.Ordinal))
            throw new DomainException(ErrorCodes.VersionConflict,
                "If-Match holds a weak tag (W/\"…\"), which never matches a state's version. Send the version exactly as the ETag gives it, e.g. \"12\".");
        return long.TryParse(header.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new DomainException(ErrorCodes.InvalidRequest, "If-Match must be the state's version as ETag gives it, e.g. \"12\".");
    }
}
