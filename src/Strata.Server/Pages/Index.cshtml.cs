using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Core.Hierarchy;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

[Authorize]
public sealed class IndexModel(CurrentUser currentUser, OrgService orgs, SpaceService spaces) : PageModel
{
    public sealed record OrgSummary(OrgView Org, IReadOnlyList<SpaceView> Spaces);

    public string Name { get; private set; } = "";

    public IReadOnlyList<OrgSummary> Orgs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await currentUser.ActorAsync(ct);
        Name = (await currentUser.GetAsync(ct)).Name;
        var summaries = new List<OrgSummary>();
        foreach (var org in await orgs.ListAsync(actor, ct))
            summaries.Add(new OrgSummary(org, await spaces.ListAsync(actor, org.Slug, ct)));
        Orgs = summaries;
    }
}
