using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Invitations;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class InstancesApi
{
    public sealed record CreateInstancesRequest(string? Mode, string? Name = null, string? Description = null, EmailList? Emails = null, InstanceRole? Role = null, ContentSource? Content = null);

    /// <summary>API.md's created instances and invitations, plus who was skipped for having an instance already and likely address typos.</summary>
    public sealed record CreatedDto(IReadOnlyList<InstanceView> Instances, IReadOnlyList<InvitationView> Invitations, IReadOnlyList<SkippedEmail> Skipped, IReadOnlyList<string> Warnings);

    public sealed record SetInstanceRoleRequest(InstanceRole? Role);

    public static RouteGroupBuilder MapInstances(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs/{org}/spaces/{space}/instances").WithTags("Instances").RequireAuthorization();
        group.MapPost("/", Create).WithSummary("Create instances (space admins).");
        group.MapGet("/", async (string org, string space, CurrentUser me, InstanceService instances, CancellationToken ct) =>
            TypedResults.Ok(await instances.ListAsync(await me.ActorAsync(ct), org, space, ct))).WithSummary("Instances you can see.");
        group.MapGet("/{instance}", async (string org, string space, string instance, CurrentUser me, InstanceService instances, CancellationToken ct) =>
            TypedResults.Ok(await instances.GetAsync(await me.ActorAsync(ct), org, space, instance, ct)));
        group.MapPatch("/{instance}", async (string org, string space, string instance, UpdateInstance request, CurrentUser me, InstanceService instances, CancellationToken ct) =>
            TypedResults.Ok(await instances.UpdateAsync(await me.ActorAsync(ct), org, space, instance, request, ct)))
            .WithSummary("Edit an instance's name and descriptions (editors, space admins).");
        group.MapDelete("/{instance}", Delete).WithSummary("Delete an instance (space admins; never Master or Distributed).");
        group.MapGet("/{instance}/members", async (string org, string space, string instance, CurrentUser me, InstanceService instances, CancellationToken ct) =>
            TypedResults.Ok(await instances.MembersAsync(await me.ActorAsync(ct), org, space, instance, ct)));
        group.MapPut("/{instance}/members/{userId:guid}", SetRole).WithSummary("Give or change an instance role (space admins).");
        group.MapDelete("/{instance}/members/{userId:guid}", RemoveMember).WithSummary("Revoke an instance role (space admins).");
        return group;
    }

    private static async Task<Created<CreatedDto>> Create(string org, string space, CreateInstancesRequest request, CurrentUser me, InstanceService instances, CancellationToken ct)
    {
        var created = await instances.CreateAsync(await me.ActorAsync(ct), org, space,
            new CreateInstances(request.Mode, request.Name, request.Description, request.Emails?.Items, request.Role, request.Content), ct);
        var spacePath = $"{ApiRoutes.Base}/orgs/{org}/spaces/{space}";
        var location = created.ManyCreated ? spacePath : $"{spacePath}/instances/{created.Instances[0].Slug}";
        return TypedResults.Created(location, new CreatedDto(created.Instances, created.Invitations, created.Skipped, created.Warnings));
    }

    private static async Task<NoContent> Delete(string org, string space, string instance, CurrentUser me, InstanceService instances, CancellationToken ct)
    {
        await instances.DeleteAsync(await me.ActorAsync(ct), org, space, instance, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<InstanceMemberView>> SetRole(string org, string space, string instance, Guid userId, SetInstanceRoleRequest request, CurrentUser me, InstanceService instances, CancellationToken ct)
    {
        var role = request.Role ?? throw Requests.Missing("role", "editor or viewer");
        return TypedResults.Ok(await instances.SetRoleAsync(await me.ActorAsync(ct), org, space, instance, userId, role, ct));
    }

    private static async Task<NoContent> RemoveMember(string org, string space, string instance, Guid userId, CurrentUser me, InstanceService instances, CancellationToken ct)
    {
        await instances.RemoveMemberAsync(await me.ActorAsync(ct), org, space, instance, userId, ct);
        return TypedResults.NoContent();
    }
}
