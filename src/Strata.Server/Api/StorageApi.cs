using Strata.Core.Usage;
using Strata.Server.Auth;

namespace Strata.Server.Api;

/// <summary>Storage accounting: bytes a space or an instance references, and what deleting it would free.</summary>
internal static class StorageApi
{
    public static RouteGroupBuilder MapStorage(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs/{org}/spaces/{space}").WithTags("Storage").RequireAuthorization();
        group.MapGet("/storage", async (string org, string space, CurrentUser me, StorageUsage usage, CancellationToken ct) =>
            TypedResults.Ok(await usage.SpaceAsync(await me.ActorAsync(ct), org, space, ct)))
            .WithSummary("Bytes the space references and holds alone, in total and per instance (space admins).");
        group.MapGet("/instances/{instance}/storage", async (string org, string space, string instance, CurrentUser me, StorageUsage usage, CancellationToken ct) =>
            TypedResults.Ok(await usage.InstanceAsync(await me.ActorAsync(ct), new(org, space, instance), ct)))
            .WithSummary("Bytes the instance references and holds alone, with what each snapshot alone holds (space admins).");
        return group;
    }
}
