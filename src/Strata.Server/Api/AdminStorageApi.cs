using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Maintenance;
using Strata.Server.Auth;

namespace Strata.Server.Api;

/// <summary>The content store's upkeep, for platform administrators (API.md "Administration"): integrity checks.</summary>
internal static class AdminStorageApi
{
    public sealed record StateReferenceDto(string Org, string Space, string Instance, string State);

    public sealed record ObjectFindingDto(string Id, string Kind, StateReferenceDto[] ReferencedBy);

    public sealed record FsckRunDto(
        Guid Id, string Status, long ObjectsChecked, ObjectFindingDto[] Missing, ObjectFindingDto[] Corrupt,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error);

    /// <summary>The body of POST /admin/fsck: nothing to choose yet.</summary>
    public sealed record FsckRequest;

    public static RouteGroupBuilder MapAdminStorage(this RouteGroupBuilder api)
    {
        var fsck = api.MapGroup("/admin/fsck").WithTags("Administration").RequireAuthorization();
        fsck.MapPost("/", StartFsck)
            .WithSummary("Queue an integrity check: every object a live state reaches must exist and hash to its id (platform administrators).");
        fsck.MapGet("/", ListFsck)
            .WithSummary("Integrity checks, newest first (platform administrators).");
        fsck.MapGet("/{id:guid}", GetFsck)
            .WithSummary("One integrity check: its progress, and every missing or corrupt object with the states that reference it.");
        return api;
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
