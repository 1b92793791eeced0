using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Audit;
using Strata.Core.Hierarchy;
using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class OrgsApi
{
    public sealed record CreateOrgRequest(string? Name, string? Slug = null);

    public sealed record SetOrgRoleRequest(OrgRole? Role);

    public static RouteGroupBuilder MapOrgs(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orgs").WithTags("Organisations").RequireAuthorization();
        group.MapPost("/", Create).WithSummary("Create an organisation (platform administrators).");
        group.MapGet("/", async (CurrentUser me, OrgService orgs, CancellationToken ct) =>
            TypedResults.Ok(await orgs.ListAsync(await me.ActorAsync(ct), ct))).WithSummary("Organisations you belong to.");
        group.MapGet("/{org}", async (string org, CurrentUser me, OrgService orgs, CancellationToken ct) =>
            TypedResults.Ok(await orgs.GetAsync(await me.ActorAsync(ct), org, ct)));
        group.MapGet("/{org}/members", async (string org, CurrentUser me, OrgService orgs, CancellationToken ct) =>
            TypedResults.Ok(await orgs.MembersAsync(await me.ActorAsync(ct), org, ct)));
        group.MapPut("/{org}/members/{userId:guid}", SetRole).WithSummary("Change a member's organisation role (managers).");
        group.MapDelete("/{org}/members/{userId:guid}", Remove)
            .WithSummary("Remove a person from the organisation with all their roles in it (managers).");
        group.MapGet("/{org}/audit", Audit).WithMetadata(new PagesItself())
            .Produces<AuditView[]>().WithSummary("Role, membership, invitation and structure changes, newest first (managers); ?limit and Link paging, filters actor, action, q, from, until.");
        return group;
    }

    /// <summary>The whole log without limit (API.md), else one page read in the database with a Link to the next.</summary>
    private static async Task<Ok<IReadOnlyList<AuditView>>> Audit(string org, string? actor, string? action, string? q, DateTimeOffset? from, DateTimeOffset? until,
        HttpContext http, CurrentUser me, OrgService orgs, CancellationToken ct)
    {
        var (limit, offset) = ListPaging.Read(http.Request);
        var page = await orgs.AuditAsync(await me.ActorAsync(ct), org, new AuditQuery(actor, action, q, from, until), offset, limit ?? int.MaxValue - 1, ct);
        if (limit is not null && page.More)
            http.Response.Headers.Append("Link", ListPaging.NextLink(http.Request, offset + page.Entries.Count));
        return TypedResults.Ok(page.Entries);
    }

    private static async Task<Created<OrgView>> Create(CreateOrgRequest request, CurrentUser me, OrgService orgs, CancellationToken ct)
    {
        var org = await orgs.CreateAsync(await me.ActorAsync(ct), request.Name, request.Slug, ct);
        return TypedResults.Created($"{ApiRoutes.Base}/orgs/{org.Slug}", org);
    }

    private static async Task<Ok<OrgMemberView>> SetRole(string org, Guid userId, SetOrgRoleRequest request, CurrentUser me, OrgService orgs, CancellationToken ct)
    {
        var role = request.Role ?? throw Requests.Missing("role", "manager, faculty or member");
        return TypedResults.Ok(await orgs.SetRoleAsync(await me.ActorAsync(ct), org, userId, role, ct));
    }

    private static async Task<NoContent> Remove(string org, Guid userId, CurrentUser me, OrgService orgs, CancellationToken ct)
    {
        await orgs.RemoveAsync(await me.ActorAsync(ct), org, userId, ct);
        return TypedResults.NoContent();
    }
}
