using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Orgs;

public sealed class OrgModel(CurrentUser currentUser, AccessResolver access, OrgService orgs, SpaceService spaces, InvitationService invitations)
    : StrataPage(currentUser)
{
    public IReadOnlyList<OrgMemberView> Members { get; private set; } = [];

    public IReadOnlyList<InvitationView> Pending { get; private set; } = [];

    public IReadOnlyList<AuditView> Audit { get; private set; } = [];

    public bool CanInvite { get; private set; }

    public bool CanManageMembers { get; private set; }

    [BindProperty]
    public string? InviteEmails { get; set; }

    [BindProperty]
    public OrgRole InviteRole { get; set; } = OrgRole.Member;

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

    public Task<IActionResult> OnPostInviteAsync(string org, CancellationToken ct) => AttemptAsync(async () =>
    {
        var sent = await invitations.InviteToOrgAsync(await ActorAsync(ct), org, [InviteEmails ?? ""], InviteRole, ct);
        Notice = $"Invited {string.Join(", ", sent.Select(i => i.Email))} as {InviteRole.ToString().ToLowerInvariant()}.";
        return Redirect(OrgPath(org));
    }, () => LoadAsync(org, ct));

    public Task<IActionResult> OnPostRoleAsync(string org, Guid userId, OrgRole role, CancellationToken ct) => AttemptAsync(async () =>
    {
        var member = await orgs.SetRoleAsync(await ActorAsync(ct), org, userId, role, ct);
        Notice = $"{member.Name} is now {member.Role}.";
        return Redirect(OrgPath(org));
    }, () => LoadAsync(org, ct));

    private async Task LoadAsync(string org, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        Org = await orgs.GetAsync(actor, org, ct);
        Spaces = await spaces.ListAsync(actor, org, ct);
        var scope = await access.OrgAsync(actor, org, ct);
        CanCreateSpace = AccessPolicy.May(Act.CreateSpace, scope.Grants);
        CanReadAudit = AccessPolicy.May(Act.ViewAudit, scope.Grants);
        CanInvite = AccessPolicy.May(Act.InviteToOrg, scope.Grants);
        CanManageMembers = AccessPolicy.May(Act.ManageOrgMembers, scope.Grants);
        if (AccessPolicy.May(Act.ViewOrgMembers, scope.Grants))
            Members = await orgs.MembersAsync(actor, org, ct);
        if (CanInvite)
            Pending = await invitations.PendingForOrgAsync(actor, org, ct);
        if (CanReadAudit)
            Audit = await orgs.AuditAsync(actor, org, 20, ct);
        Crumbs.Add(new Crumb(Org.Name, OrgPath(org)));
    }
}
