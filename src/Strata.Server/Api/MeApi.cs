using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Hierarchy;
using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class MeApi
{
    public sealed record OrgMembershipDto(string Slug, string Name, string? Role);

    public sealed record MeDto(Guid Id, string Email, string Name, bool IsPlatformAdmin, OrgMembershipDto[] Orgs);

    public static RouteHandlerBuilder MapMe(this RouteGroupBuilder api) =>
        api.MapGet("/me", GetMe).RequireAuthorization().WithTags("Auth").WithSummary("Who you are and your organisations.");

    private static async Task<Ok<MeDto>> GetMe(CurrentUser me, OrgService orgs, CancellationToken ct)
    {
        var user = await me.GetAsync(ct);
        var memberships = await orgs.ListAsync(await me.ActorAsync(ct), ct);
        return TypedResults.Ok(new MeDto(user.Id, user.Email, user.Name, user.IsPlatformAdmin,
            [.. memberships.Select(o => new OrgMembershipDto(o.Slug, o.Name, o.MyRole))]));
    }
}
