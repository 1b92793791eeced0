using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;
using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class InvitationsApi
{
    public sealed record InviteToOrgRequest(EmailList? Emails, OrgRole? Role);

    public sealed record InviteSpaceAdminsRequest(EmailList? Emails, string? Role = "admin");

    public sealed record InviteToInstanceRequest(EmailList? Emails, InstanceRole? Role);

    public sealed record AcceptRequest(string? Name = null, string? Password = null);

    public sealed record InvitationsDto(IReadOnlyList<InvitationView> Invitations);

    public sealed record GrantsDto(IReadOnlyList<GrantView> Grants);

    public static RouteGroupBuilder MapInvitations(this RouteGroupBuilder api)
    {
        api.MapPost("/orgs/{org}/invitations", InviteToOrg).RequireAuthorization().WithTags("Organisations")
            .WithSummary("Invite people to the organisation (managers).");
        api.MapGet("/orgs/{org}/invitations", async (string org, CurrentUser me, InvitationService invitations, CancellationToken ct) =>
            TypedResults.Ok(await invitations.PendingForOrgAsync(await me.ActorAsync(ct), org, ct)))
            .RequireAuthorization().WithTags("Organisations").WithSummary("Pending invitations of the organisation (managers).");
        api.MapPost("/orgs/{org}/spaces/{space}/invitations", InviteSpaceAdmins).RequireAuthorization().WithTags("Spaces")
            .WithSummary("Invite space administrators (space admins).");
        api.MapGet("/orgs/{org}/spaces/{space}/invitations", async (string org, string space, CurrentUser me, InvitationService invitations, CancellationToken ct) =>
            TypedResults.Ok(await invitations.PendingForSpaceAsync(await me.ActorAsync(ct), org, space, ct)))
            .RequireAuthorization().WithTags("Spaces").WithSummary("Pending invitations of this space and its instances (space admins).");
        api.MapPost("/orgs/{org}/spaces/{space}/instances/{instance}/invitations", InviteToInstance).RequireAuthorization().WithTags("Instances")
            .WithSummary("Invite editors or viewers to an instance (space admins).");

        var group = api.MapGroup("/invitations").WithTags("Invitations");
        group.MapGet("/{token}", async (string token, InvitationAnswers answers, CancellationToken ct) =>
            TypedResults.Ok(await answers.ReviewAsync(token, ct))).AllowAnonymous().WithSummary("Review an invitation from its email link (no sign-in needed).");
        group.MapPost("/{token}/accept", Accept).AllowAnonymous()
            .WithSummary("Accept: signed in as the invited email with {}, or create the account with {name, password}.");
        group.MapPost("/{token}/decline", async (string token, InvitationAnswers answers, CancellationToken ct) =>
        {
            await answers.DeclineAsync(token, ct);
            return TypedResults.Ok();
        }).AllowAnonymous().WithSummary("Decline an invitation.");
        group.MapPost("/{id:guid}/resend", async (Guid id, CurrentUser me, InvitationService invitations, CancellationToken ct) =>
            TypedResults.Ok(await invitations.ResendAsync(await me.ActorAsync(ct), id, ct))).RequireAuthorization()
            .WithSummary("Send the invitation again with a new link (whoever could have sent it).");
        group.MapDelete("/{id:guid}", async (Guid id, CurrentUser me, InvitationService invitations, CancellationToken ct) =>
        {
            await invitations.RevokeAsync(await me.ActorAsync(ct), id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Revoke a pending invitation (whoever could have sent it).");
        return group;
    }

    private static async Task<Created<InvitationsDto>> InviteToOrg(string org, InviteToOrgRequest request, CurrentUser me, InvitationService invitations, CancellationToken ct)
    {
        var role = request.Role ?? throw Requests.Missing("role", "manager, faculty or member");
        var created = await invitations.InviteToOrgAsync(await me.ActorAsync(ct), org, request.Emails?.Items ?? [], role, ct);
        return TypedResults.Created($"{ApiRoutes.Base}/orgs/{org}/invitations", new InvitationsDto(created));
    }

    private static async Task<Created<InvitationsDto>> InviteSpaceAdmins(string org, string space, InviteSpaceAdminsRequest request, CurrentUser me, InvitationService invitations, CancellationToken ct)
    {
        if (request.Role is not null && request.Role != "admin")
            throw new Core.Errors.DomainException(Core.Errors.ErrorCodes.InvalidRequest, "A space invitation can only make people administrators: role must be admin.");
        var created = await invitations.InviteSpaceAdminsAsync(await me.ActorAsync(ct), org, space, request.Emails?.Items ?? [], ct);
        return TypedResults.Created($"{ApiRoutes.Base}/orgs/{org}/spaces/{space}/invitations", new InvitationsDto(created));
    }

    private static async Task<Created<InvitationsDto>> InviteToInstance(string org, string space, string instance, InviteToInstanceRequest request, CurrentUser me, InvitationService invitations, CancellationToken ct)
    {
        var role = request.Role ?? throw Requests.Missing("role", "editor or viewer");
        var created = await invitations.InviteToInstanceAsync(await me.ActorAsync(ct), org, space, instance, request.Emails?.Items ?? [], role, ct);
        return TypedResults.Created($"{ApiRoutes.Base}/orgs/{org}/spaces/{space}/invitations", new InvitationsDto(created));
    }

    private static async Task<Ok<GrantsDto>> Accept(string token, AcceptRequest? request, HttpContext http, CurrentUser me, InvitationAnswers answers, CancellationToken ct)
    {
        var signedIn = http.User.Identity?.IsAuthenticated == true ? await me.ActorAsync(ct) : null;
        var result = await answers.AcceptAsync(token, signedIn, request?.Name, request?.Password, ct);
        return TypedResults.Ok(new GrantsDto(result.Grants));
    }
}
