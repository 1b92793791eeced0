using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Hierarchy;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Orgs;

public sealed class OrgModel(CurrentUser currentUser, AccessResolver access, OrgService orgs, SpaceService spaces) : StrataPage(currentUser)
{
    public OrgView Org { get; private set; } = null!;

    public IReadOnlyList<SpaceView> Spaces { get; private set; } = [];

    public bool CanCreateSpace { get; private set; }

    public bool CanReadAudit { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public SpaceType Type { get; set; } = SpaceType.Course;

    [BindProperty]
    public SpaceVisibility Visibility { get; set; } = SpaceVisibility.Private;

    [BindProperty]
    public string? Description { get; set; }

    public Task OnGetAsync(string org, CancellationToken ct) => LoadAsync(org, ct);

    public Task<IActionResult> OnPostAsync(string org, CancellationToken ct) => AttemptAsync(async () =>
    {
        var space = await spaces.CreateAsync(await ActorAsync(ct), org, new CreateSpace(Name, Type, Visibility, Description), ct);
        Notice = $"Space \"{space.Name}\" created with its Master and Distributed instances.";
        return Redirect(SpacePath(org, space.Slug));
    }, () => LoadAsync(org, ct));

    private async Task LoadAsync(string org, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        Org = await orgs.GetAsync(actor, org, ct);
        Spaces = await spaces.ListAsync(actor, org, ct);
        var scope = await access.OrgAsync(actor, org, ct);
        CanCreateSpace = AccessPolicy.May(Act.CreateSpace, scope.Grants);
        CanReadAudit = AccessPolicy.May(Act.ViewAudit, scope.Grants);
        Crumbs.Add(new Crumb(Org.Name, OrgPath(org)));
    }
}
