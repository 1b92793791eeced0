using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Snapshots;
using Strata.Core.States;
using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class SnapshotsApi
{
    public static RouteGroupBuilder MapSnapshots(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs/{org}/spaces/{space}/instances/{instance}/snapshots").WithTags("Snapshots").RequireAuthorization();
        group.MapPost("/", Create).WithSummary("Snapshot the current state (no name and no description: a quick snapshot).");
        group.MapGet("/", async (string org, string space, string instance, CurrentUser me, SnapshotService snapshots, CancellationToken ct) =>
            TypedResults.Ok(await snapshots.ListAsync(await me.ActorAsync(ct), new(org, space, instance), ct))).WithSummary("Snapshots, newest first.");
        group.MapGet("/{id:guid}", async (string org, string space, string instance, Guid id, CurrentUser me, SnapshotService snapshots, CancellationToken ct) =>
            TypedResults.Ok(await snapshots.GetAsync(await me.ActorAsync(ct), new(org, space, instance), id, ct)));
        group.MapDelete("/{id:guid}", Delete).WithSummary("Delete a snapshot; no other state is affected.");
        group.MapPost("/{id:guid}/restore", async (string org, string space, string instance, Guid id, RestoreRequest? request,
                CurrentUser me, RestoreService restores, CancellationToken ct) =>
            TypedResults.Ok(await restores.RestoreAsync(await me.ActorAsync(ct), new(org, space, instance), id, request ?? new RestoreRequest(), ct)))
            .WithSummary("Restore all or selected paths into this or another instance of the space; an auto snapshot of the target is taken first.");
        return group;
    }

    private static async Task<Created<SnapshotView>> Create(string org, string space, string instance, CreateSnapshot? request,
        CurrentUser me, SnapshotService snapshots, CancellationToken ct)
    {
        var snapshot = await snapshots.CreateAsync(await me.ActorAsync(ct), new InstanceAddress(org, space, instance), request ?? new CreateSnapshot(), ct);
        return TypedResults.Created($"{ApiRoutes.Base}/orgs/{org}/spaces/{space}/instances/{instance}/snapshots/{snapshot.Id}", snapshot);
    }

    private static async Task<NoContent> Delete(string org, string space, string instance, Guid id, CurrentUser me, SnapshotService snapshots, CancellationToken ct)
    {
        await snapshots.DeleteAsync(await me.ActorAsync(ct), new(org, space, instance), id, ct);
        return TypedResults.NoContent();
    }
}
