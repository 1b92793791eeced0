using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Strata.Core.Hierarchy;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

[Authorize]
public sealed class IndexModel(CurrentUser currentUser, OrgService orgs, SpaceService spaces) : StrataPage(currentUser)
{
    public bool CanCreateOrg { get; private set; }

    public bool CanManageUsers { get; private set; }

    [BindProperty]
    public string? OrgName { get; set; }

    [BindProperty]
    public string? OrgSlug { get; set; }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => AttemptAsync(async () =>
    {
        var org = await orgs.CreateAsync(await ActorAsync(ct), OrgName, string.IsNullOrWhiteSpace(OrgSlug) ? null : OrgSlug, ct);
        Notice = $"Organisation \"{org.Name}\" created.";
        return Redirect(OrgPath(org.Slug));
    }, () => OnGetAsync(ct));

    public sealed record OrgSummary(OrgView Org, IReadOnlyList<SpaceView> Spaces);

    public string Name { get; private set; } = "";

    public IReadOnlyList<OrgSummary> Orgs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        CanCreateOrg = Core.Access.AccessPolicy.May(Core.Access.Act.CreateOrg, Core.Access.Grants.None with { PlatformAdmin = actor.IsPlatformAdmin });
        CanManageUsers = Core.Access.AccessPolicy.May(Core.Access.Act.ManageUsers, Core.Access.Grants.None with { PlatformAdmin = actor.IsPlatformAdmin });
        Name = (await CurrentUser.GetAsync(ct)).Name;
        var summaries = new List<OrgSummary>();
        foreach (var org in await orgs.ListAsync(actor, ct))
            summaries.Add(new OrgSummary(org, await spaces.ListAsync(actor, org.Slug, ct)));
        Orgs = summaries;
    }
}
