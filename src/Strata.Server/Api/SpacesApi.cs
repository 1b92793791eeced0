using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Hierarchy;
using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class SpacesApi
{
    public static RouteGroupBuilder MapSpaces(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs/{org}/spaces").WithTags("Spaces").RequireAuthorization();
        group.MapPost("/", Create).WithSummary("Create a space with its Master and Distributed instances (managers, faculty).");
        group.MapGet("/", async (string org, CurrentUser me, SpaceService spaces, CancellationToken ct) =>
            TypedResults.Ok(await spaces.ListAsync(await me.ActorAsync(ct), org, ct))).WithSummary("Spaces you can see.");
        group.MapGet("/{space}", async (string org, string space, CurrentUser me, SpaceService spaces, CancellationToken ct) =>
            TypedResults.Ok(await spaces.GetAsync(await me.ActorAsync(ct), org, space, ct)));
        group.MapPatch("/{space}", async (string org, string space, UpdateSpace request, CurrentUser me, SpaceService spaces, CancellationToken ct) =>
            TypedResults.Ok(await spaces.UpdateAsync(await me.ActorAsync(ct), org, space, request, ct))).WithSummary("Edit a space (space admins).");
        group.MapDelete("/{space}", Delete).WithSummary("Delete a space with everything in it (space admins).");
        group.MapGet("/{space}/members", async (string org, string space, CurrentUser me, SpaceService spaces, CancellationToken ct) =>
            TypedResults.Ok(await spaces.MembersAsync(await me.ActorAsync(ct), org, space, ct))).WithSummary("Users of the space and their roles (space admins).");
        return group;
    }

    private static async Task<Created<SpaceView>> Create(string org, CreateSpace request, CurrentUser me, SpaceService spaces, CancellationToken ct)
    {
        var space = await spaces.CreateAsync(await me.ActorAsync(ct), org, request, ct);
        return TypedResults.Created($"{ApiRoutes.Base}/orgs/{org}/spaces/{space.Slug}", space);
    }

    private static async Task<NoContent> Delete(string org, string space, CurrentUser me, SpaceService spaces, CancellationToken ct)
    {
        await spaces.DeleteAsync(await me.ActorAsync(ct), org, space, ct);
        return TypedResults.NoContent();
    }
}
