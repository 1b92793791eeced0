using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Hierarchy;
using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class SpacesApi
{
    /// <summary>
    /// PATCH's body: absent fields stay as they are. <see cref="InstanceQuotaBytes"/> is kept as JSON so that an absent
    /// field (unchanged) and <c>null</c> (no quota) can be told apart.
    /// </summary>
    public sealed record SpacePatch(string? Name, string? Description, SpaceVisibility? Visibility, System.Text.Json.JsonElement InstanceQuotaBytes)
    {
        public UpdateSpace ToUpdate() => new(Name, Description, Visibility, InstanceQuotaBytes.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Undefined => null,
            System.Text.Json.JsonValueKind.Null => new QuotaSetting(null),
            System.Text.Json.JsonValueKind.Number when InstanceQuotaBytes.TryGetInt64(out var bytes) => new QuotaSetting(bytes),
            System.Text.Json.JsonValueKind.Number when InstanceQuotaBytes.TryGetDouble(out var number) && number == Math.Floor(number) && number is >= 0 and < 9e18 =>
                new QuotaSetting((long)number), // 1e9 is a whole number too
            _ => throw new Strata.Core.Errors.DomainException(Strata.Core.Errors.ErrorCodes.InvalidRequest,
                "instanceQuotaBytes must be a whole number of bytes, or null for no quota."),
        });
    }

    public static RouteGroupBuilder MapSpaces(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs/{org}/spaces").WithTags("Spaces").RequireAuthorization();
        group.MapPost("/", Create).WithSummary("Create a space with its Master and Distributed instances (managers, faculty).");
        group.MapGet("/", async (string org, CurrentUser me, SpaceService spaces, CancellationToken ct) =>
            TypedResults.Ok(await spaces.ListAsync(await me.ActorAsync(ct), org, ct))).WithSummary("Spaces you can see.");
        group.MapGet("/{space}", async (string org, string space, CurrentUser me, SpaceService spaces, CancellationToken ct) =>
            TypedResults.Ok(await spaces.GetAsync(await me.ActorAsync(ct), org, space, ct)));
        group.MapPatch("/{space}", async (string org, string space, SpacePatch request, CurrentUser me, SpaceService spaces, CancellationToken ct) =>
            TypedResults.Ok(await spaces.UpdateAsync(await me.ActorAsync(ct), org, space, request.ToUpdate(), ct)))
            .WithSummary("Edit a space (space admins): name, description, visibility, instanceQuotaBytes (a number of bytes, or null for none).");
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
