using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Spaces;

/// <summary>"Course users" / "Project users" (seed 001): who has which role, pending invitations, and inviting more.</summary>
public sealed class UsersModel(CurrentUser currentUser, AccessResolver access, SpaceService spaces, InstanceService instances, InvitationService invitations)
    : StrataPage(currentUser)
{
    public string Org { get; private set; } = "";

    public SpaceView Space { get; private set; } = null!;

    public string Title => Space.Type == SpaceType.Course ? "Course users" : "Project users";

    public IReadOnlyList<SpaceMemberView> Members { get; private set; } = [];

    public IReadOnlyList<InvitationView> Pending { get; private set; } = [];

    /// <summary>Instances people can be invited to (never Distributed).</summary>
    public IReadOnlyList<InstanceView> Instances { get; private set; } = [];

    /// <summary>"admin" for space administrators, or an instance slug.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Target { get; set; }

    /// <summary>Viewer by default: the safe choice when a teacher invites without looking.</summary>
    [BindProperty]
    public InstanceRole Role { get; set; } = InstanceRole.Viewer;

    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>The people matching the search, on this page.</summary>
    public IReadOnlyList<SpaceMemberView> Shown { get; private set; } = [];

    public int Matching { get; private set; }

    public int Pages => Math.Max(1, (Matching + PageSize - 1) / PageSize);

    /// <summary>Instance names by slug: people read names, links use slugs.</summary>
    public IReadOnlyDictionary<string, string> InstanceNames { get; private set; } = new Dictionary<string, string>();

    public string NameOf(string slug) => InstanceNames.GetValueOrDefault(slug, slug);

    public string PageLink(int page) =>
        $"{SpacePath(Org, Space.Slug)}/users?{(string.IsNullOrWhiteSpace(Search) ? "" : "q=" + Uri.EscapeDataString(Search) + "&")}p={page}";

    [BindProperty]
    public string? Emails { get; set; }

    public Task OnGetAsync(string org, string space, CancellationToken ct) => LoadAsync(org, space, ct);

    public Task<IActionResult> OnPostInviteAsync(string org, string space, CancellationToken ct) => AttemptAsync(async () =>
    {
        var actor = await ActorAsync(ct);
        IReadOnlyList<string> emails = [Emails ?? ""];
        var sent = Target == "admin" || string.IsNullOrEmpty(Target)
            ? await invitations.InviteSpaceAdminsAsync(actor, org, space, emails, ct)
            : await invitations.InviteToInstanceAsync(actor, org, space, Target, emails, Role, ct);
        Notice = $"Invited {string.Join(", ", sent.Select(i => i.Email))}.";
        return Redirect($"{SpacePath(org, space)}/users");
    }, () => LoadAsync(org, space, ct));

    /// <summary>Changes one instance role; the field is named apart from <see cref="Role"/>, the invitation form's, which binds on every post.</summary>
    public Task<IActionResult> OnPostRoleAsync(string org, string space, string instance, Guid userId, string? instanceRole, CancellationToken ct) => AttemptAsync(async () =>
    {
        var actor = await ActorAsync(ct);
        if (instanceRole is "editor" or "viewer")
        {
            var member = await instances.SetRoleAsync(actor, org, space, instance, userId, instanceRole == "editor" ? InstanceRole.Editor : InstanceRole.Viewer, ct);
            Notice = $"{member.Name} is now {member.Role} of {await InstanceNameAsync(org, space, instance, ct)}.";
        }
        else if (instanceRole != "none")
            throw new DomainException(ErrorCodes.InvalidRequest, "Choose editor, viewer, or no role (revoke).");
        else
        {
            await instances.RemoveMemberAsync(actor, org, space, instance, userId, ct);
            Notice = $"The role on {await InstanceNameAsync(org, space, instance, ct)} was revoked.";
        }
        return Redirect($"{SpacePath(org, space)}/users");
    }, () => LoadAsync(org, space, ct));

    public Task<IActionResult> OnPostResendAsync(string org, string space, Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        var invitation = await invitations.ResendAsync(await ActorAsync(ct), id, ct);
        Notice = $"The invitation to {invitation.Email} was sent again with a new link.";
        return Redirect($"{SpacePath(org, space)}/users");
    }, () => LoadAsync(org, space, ct));

    public Task<IActionResult> OnPostRevokeAsync(string org, string space, Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        await invitations.RevokeAsync(await ActorAsync(ct), id, ct);
        Notice = "Invitation revoked: its link no longer works.";
        return Redirect($"{SpacePath(org, space)}/users");
    }, () => LoadAsync(org, space, ct));

    private async Task<string> InstanceNameAsync(string org, string space, string slug, CancellationToken ct) =>
        (await instances.GetAsync(await ActorAsync(ct), org, space, slug, ct)).Name;

    private async Task LoadAsync(string org, string space, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        Org = org;
        var scope = await access.SpaceAsync(actor, org, space, ct);
        AccessPolicy.Demand(Act.ViewSpaceMembers, scope.Grants, scope.Org.Name, scope.Space.Name);
        Space = await spaces.GetAsync(actor, org, space, ct);
        Members = await spaces.MembersAsync(actor, org, space, ct);
        Pending = await invitations.PendingForSpaceAsync(actor, org, space, ct);
        var all = await instances.ListAsync(actor, org, space, ct);
        InstanceNames = all.ToDictionary(i => i.Slug, i => i.Name);
        Instances = [.. (await instances.ListAsync(actor, org, space, Act.InviteToInstance, ct)).Where(i => i.Kind != InstanceKind.Distributed)];
        var term = Search?.Trim() ?? "";
        var matching = Members.Where(m => term.Length == 0 || m.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
            || m.Email.Contains(term, StringComparison.OrdinalIgnoreCase) || m.Instances.Any(i => NameOf(i.Slug).Contains(term, StringComparison.OrdinalIgnoreCase))).ToList();
        Matching = matching.Count;
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Shown = [.. matching.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb(Title, null));
    }
}
