using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Distributions;
using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class DistributionsApi
{
    public static RouteGroupBuilder MapDistributions(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs/{org}/spaces/{space}/distributions").WithTags("Distributions").RequireAuthorization();
        group.MapPost("/", async (string org, string space, CreateDistribution request, CurrentUser me, DistributionService distributions, CancellationToken ct) =>
                Accepted(org, space, await distributions.CreateAsync(await me.ActorAsync(ct), org, space, request, ct)))
            .WithSummary("Queue a distribution of a state's content to instances (202; a background job runs it).");
        group.MapGet("/", async (string org, string space, CurrentUser me, DistributionService distributions, CancellationToken ct) =>
            TypedResults.Ok(await distributions.ListAsync(await me.ActorAsync(ct), org, space, ct))).WithSummary("Distributions of the space, newest first (space admins).");
        group.MapGet("/{id:guid}", async (string org, string space, Guid id, CurrentUser me, DistributionService distributions, CancellationToken ct) =>
            TypedResults.Ok(await distributions.GetAsync(await me.ActorAsync(ct), org, space, id, ct))).WithSummary("A distribution with its progress and per-target outcome.");
        group.MapPost("/{id:guid}/cancel", async (string org, string space, Guid id, CurrentUser me, DistributionService distributions, CancellationToken ct) =>
            TypedResults.Ok(await distributions.CancelAsync(await me.ActorAsync(ct), org, space, id, ct))).WithSummary("Stop a distribution between targets.");
        group.MapPost("/{id:guid}/recall", async (string org, string space, Guid id, CurrentUser me, DistributionService distributions, CancellationToken ct) =>
                Accepted(org, space, await distributions.RecallAsync(await me.ActorAsync(ct), org, space, id, ct)))
            .WithSummary("Take back delivered files the targets have not changed (202; runs as a distribution of its own).");
        return group;
    }

    private static Accepted<DistributionView> Accepted(string org, string space, DistributionView view) =>
        TypedResults.Accepted($"{ApiRoutes.Base}/orgs/{org}/spaces/{space}/distributions/{view.Id}", view);
}
