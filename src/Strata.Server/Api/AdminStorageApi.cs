using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Maintenance;
using Strata.Server.Auth;

namespace Strata.Server.Api;

/// <summary>The content store's upkeep, for platform administrators (API.md "Administration"): integrity checks and garbage collection.</summary>
internal static class AdminStorageApi
{
    public sealed record StateReferenceDto(string Org, string Space, string Instance, string State);

    public sealed record ObjectFindingDto(string Id, string Kind, StateReferenceDto[] ReferencedBy);

    public sealed record FsckRunDto(
        Guid Id, string Status, long ObjectsChecked, ObjectFindingDto[] Missing, ObjectFindingDto[] Corrupt,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error);

    /// <summary>The body of POST /admin/fsck: nothing to choose yet.</summary>
    public sealed record FsckRequest;

    /// <summary>
    /// A collection. For a dry run, blobsDeleted, treesDeleted and bytesReclaimed say what would go. Beyond API.md's fields:
    /// what the sweep moved to the trash, what was put back, whether the trash was purged (a change in flight can postpone
    /// that to the next run, said in note), and how long it took.
    /// </summary>
    public sealed record GcRunDto(
        Guid Id, string Status, bool DryRun, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
        long ObjectsMarked, long BlobsDeleted, long TreesDeleted, long BytesReclaimed, string? Error,
        long? ObjectsListed, long? BlobsTrashed, long? TreesTrashed, long? BytesTrashed, long? Restored, long? RecentKept, bool? Purged, string? Note, double? Seconds);

    /// <summary>The body of POST /admin/gc.</summary>
    public sealed record GcRequest(bool? DryRun);

    public static RouteGroupBuilder MapAdminStorage(this RouteGroupBuilder api)
    {
        var fsck = api.MapGroup("/admin/fsck").WithTags("Administration").RequireAuthorization();
        fsck.MapPost("/", StartFsck)
            .WithSummary("Queue an integrity check: every object a live state reaches must exist and hash to its id (platform administrators).");
        fsck.MapGet("/", ListFsck)
            .WithSummary("Integrity checks, newest first (platform administrators).");
        fsck.MapGet("/{id:guid}", GetFsck)
            .WithSummary("One integrity check: its progress, and every missing or corrupt object with the states that reference it.");
        var gc = api.MapGroup("/admin/gc").WithTags("Administration").RequireAuthorization();
        gc.MapPost("/", StartGc)
            .WithSummary("Queue a garbage collection, or a dry run of one (platform administrators); it runs online, on one node at a time.");
        gc.MapGet("/", ListGc)
            .WithSummary("Garbage collections, newest first (platform administrators).");
        gc.MapGet("/{id:guid}", GetGc)
            .WithSummary("One garbage collection: what it marked, deleted and reclaimed.");
        return api;
    }

    private static async Task<Accepted<GcRunDto>> StartGc(GcRequest? request, CurrentUser me, StorageMaintenance maintenance, CancellationToken ct)
    {
        var view = await maintenance.StartAsync(await me.ActorAsync(ct), MaintenanceKind.Gc, request?.DryRun == true, ct);
        return TypedResults.Accepted($"{ApiRoutes.Base}/admin/gc/{view.Run.Id}", GcDto(view));
    }

    private static async Task<Ok<GcRunDto[]>> ListGc(CurrentUser me, StorageMaintenance maintenance, CancellationToken ct) =>
        TypedResults.Ok((await maintenance.ListAsync(await me.ActorAsync(ct), MaintenanceKind.Gc, ListPaging.MaxLimit, ct)).Select(GcDto).ToArray());

    private static async Task<Ok<GcRunDto>> GetGc(Guid id, CurrentUser me, StorageMaintenance maintenance, CancellationToken ct) =>
        TypedResults.Ok(GcDto(await maintenance.GetAsync(await me.ActorAsync(ct), MaintenanceKind.Gc, id, ct)));

    private static GcRunDto GcDto(MaintenanceView view)
    {
        var (run, report) = (view.Run, view.Collection);
        return new(run.Id, Status(run.Status), run.DryRun, run.CreatedAt, run.StartedAt, run.FinishedAt,
            run.ObjectsDone, run.BlobsDeleted, run.TreesDeleted, run.BytesReclaimed, run.Error,
            report?.ObjectsListed, report?.BlobsTrashed, report?.TreesTrashed, report?.BytesTrashed, report?.Restored, report?.RecentKept, report?.Purged, report?.Note, report?.Seconds);
    }

    private static async Task<Accepted<FsckRunDto>> StartFsck(FsckRequest? request, CurrentUser me, StorageMaintenance maintenance, CancellationToken ct)
    {
        var view = await maintenance.StartAsync(await me.ActorAsync(ct), MaintenanceKind.Fsck, dryRun: false, ct);
        return TypedResults.Accepted($"{ApiRoutes.Base}/admin/fsck/{view.Run.Id}", Dto(view));
    }

    private static async Task<Ok<FsckRunDto[]>> ListFsck(CurrentUser me, StorageMaintenance maintenance, CancellationToken ct) =>
        TypedResults.Ok((await maintenance.ListAsync(await me.ActorAsync(ct), MaintenanceKind.Fsck, ListPaging.MaxLimit, ct)).Select(Dto).ToArray());

    private static async Task<Ok<FsckRunDto>> GetFsck(Guid id, CurrentUser me, StorageMaintenance maintenance, CancellationToken ct) =>
        TypedResults.Ok(Dto(await maintenance.GetAsync(await me.ActorAsync(ct), MaintenanceKind.Fsck, id, ct)));

    internal static string Status(MaintenanceStatus status) => status.ToString().ToLowerInvariant();

    private static FsckRunDto Dto(MaintenanceView view) => new(
        view.Run.Id, Status(view.Run.Status), view.Run.ObjectsDone,
        [.. view.Findings.Missing.Select(Finding)], [.. view.Findings.Corrupt.Select(Finding)],
        view.Run.CreatedAt, view.Run.StartedAt, view.Run.FinishedAt, view.Run.Error);

    private static ObjectFindingDto Finding(ObjectFinding finding) =>
        new(finding.Id, finding.Kind, [.. finding.ReferencedBy.Select(r => new StateReferenceDto(r.Org, r.Space, r.Instance, r.State))]);
}
