using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Accounts;
using Strata.Server.Auth;

namespace Strata.Server.Api;

/// <summary>Accounts, for platform administrators (API.md "Administration"): find, inspect, disable, enable, send a reset link.</summary>
internal static class AdminUsersApi
{
    public sealed record AdminUserDto(Guid Id, string Email, string Name, bool IsPlatformAdmin, bool Disabled, DateTimeOffset? DisabledAt, DateTimeOffset CreatedAt);

    public sealed record OrgRoleDto(string Org, string Name, string Role);

    public sealed record SpaceRoleDto(string Org, string Space, string Name, string Role);

    public sealed record InstanceRoleDto(string Org, string Space, string Instance, string Name, string Role);

    public sealed record AdminUserDetailsDto(
        Guid Id, string Email, string Name, bool IsPlatformAdmin, bool Disabled, DateTimeOffset? DisabledAt, DateTimeOffset CreatedAt,
        OrgRoleDto[] Orgs, SpaceRoleDto[] Spaces, InstanceRoleDto[] Instances);

    public sealed record UserPatchRequest(bool? Disabled);

    public static RouteGroupBuilder MapAdminUsers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin/users").WithTags("Administration").RequireAuthorization();
        group.MapGet("/", Search)
            .WithSummary("Accounts whose email or name contains ?q= (any case), by email (platform administrators).");
        group.MapGet("/{id:guid}", Details)
            .WithSummary("One account with its organisation, space and instance roles (platform administrators).");
        group.MapPatch("/{id:guid}", Patch)
            .WithSummary("Disable ({\"disabled\": true}) or enable an account: a disabled one cannot sign in or use its tokens or sessions.");
        group.MapPost("/{id:guid}/password-reset", SendReset)
            .WithSummary("Email the account a password reset link (platform administrators).");
        return group;
    }

    private static async Task<Ok<AdminUserDto[]>> Search(string? q, CurrentUser me, UserAdministration users, CancellationToken ct)
    {
        var page = await users.SearchAsync(await me.ActorAsync(ct), q, 0, int.MaxValue, ct);
        return TypedResults.Ok(page.Users.Select(Dto).ToArray());
    }

    private static async Task<Ok<AdminUserDetailsDto>> Details(Guid id, CurrentUser me, UserAdministration users, CancellationToken ct)
    {
        var details = await users.DetailsAsync(await me.ActorAsync(ct), id, ct);
        var u = details.User;
        return TypedResults.Ok(new AdminUserDetailsDto(u.Id, u.Email, u.Name, u.IsPlatformAdmin, u.Disabled, u.DisabledAt, u.CreatedAt,
            [.. details.Orgs.Select(o => new OrgRoleDto(o.Org, o.OrgName, o.Role))],
            [.. details.Spaces.Select(s => new SpaceRoleDto(s.Org, s.Space, s.SpaceName, s.Role))],
            [.. details.Instances.Select(i => new InstanceRoleDto(i.Org, i.Space, i.Instance, i.InstanceName, i.Role))]));
    }

    private static async Task<Ok<AdminUserDto>> Patch(Guid id, UserPatchRequest request, CurrentUser me, UserAdministration users, CancellationToken ct)
    {
        var disabled = request.Disabled ?? throw Requests.Missing("disabled", "true to disable the account, false to enable it");
        return TypedResults.Ok(Dto(await users.SetDisabledAsync(await me.ActorAsync(ct), id, disabled, ct)));
    }

    private static async Task<Accepted> SendReset(Guid id, CurrentUser me, UserAdministration users, CancellationToken ct)
    {
        await users.SendResetAsync(await me.ActorAsync(ct), id, ct);
        return TypedResults.Accepted((string?)null);
    }

    private static AdminUserDto Dto(UserSummary u) => new(u.Id, u.Email, u.Name, u.IsPlatformAdmin, u.Disabled, u.DisabledAt, u.CreatedAt);
}
