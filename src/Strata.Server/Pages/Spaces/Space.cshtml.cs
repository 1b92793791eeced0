using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Spaces;

public sealed class SpaceModel(CurrentUser currentUser, AccessResolver access, SpaceService spaces, InstanceService instances, DistributionService distributions,
    ClassOverview overview, InvitationService invitations, Strata.Core.Assignments.AssignmentService assignments)
    : StrataPage(currentUser)
{
    /// <summary>The administrators' view: instances with people, invitations and activity; null for everyone else.</summary>
    public OverviewPage? Overview { get; private set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public string Org { get; private set; } = "";

    public SpaceView Space { get; private set; } = null!;

    public IReadOnlyList<InstanceView> Instances { get; private set; } = [];

    public IReadOnlyList<DistributionView> Distributions { get; private set; } = [];

    /// <summary>The space's assignments, for its administrators (students find theirs on their instance's page).</summary>
    public IReadOnlyList<Strata.Core.Assignments.AssignmentView> Assignments { get; private set; } = [];

    public bool IsAdmin { get; private set; }

    public bool CanEdit { get; private set; }

    public bool CanDelete { get; private set; }

    /// <summary>"Course users" or "Project users", as the space's type names its people.</summary>
    public string UsersLabel => Space.Type == SpaceType.Course ? "Course users" : "Project users";

    public Task OnGetAsync(string org, string space, CancellationToken ct) => LoadAsync(org, space, ct);

    /// <summary>The quota as the settings form shows it, in MB; the form sends it back beside the field, so a save that did not touch the field leaves the exact quota alone.</summary>
    public string QuotaShown => Space.InstanceQuotaBytes is { } quota ? (quota / 1048576.0).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) : "";

    public Task<IActionResult> OnPostEditAsync(string org, string space, string? name, string? description, SpaceVisibility visibility, string? quotaMegabytes,
        string? quotaShown, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var quota = (quotaMegabytes ?? "").Trim() == (quotaShown ?? "").Trim() ? null : QuotaOf(quotaMegabytes);
            var updated = await spaces.UpdateAsync(await ActorAsync(ct), org, space, new UpdateSpace(name, description ?? "", visibility, quota), ct);
            Notice = "Space settings saved.";
            return Redirect(SpacePath(org, updated.Slug));
        }, () => LoadAsync(org, space, ct));

    /// <summary>The quota field: empty for none, else megabytes (of 1,048,576 bytes) as a number.</summary>
    private static QuotaSetting QuotaOf(string? megabytes)
    {
        if (string.IsNullOrWhiteSpace(megabytes))
            return new QuotaSetting(null);
        if (!double.TryParse(megabytes.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var mb) || !double.IsFinite(mb) || mb < 0 || mb > 1e12)
            throw new DomainException(ErrorCodes.InvalidRequest, "Give the quota as a number of megabytes, such as 500 or 0.5, or leave it empty for none.");
        return new QuotaSetting((long)Math.Round(mb * 1048576));
    }

    public Task<IActionResult> OnPostDeleteAsync(string org, string space, string? confirmName, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var actor = await ActorAsync(ct);
            var current = await spaces.GetAsync(actor, org, space, ct);
            if (!string.Equals(confirmName?.Trim(), current.Name, StringComparison.Ordinal))
                throw new DomainException(ErrorCodes.InvalidRequest, $"Type the space's name, \"{current.Name}\", to confirm that it goes with everything in it.");
            await spaces.DeleteAsync(actor, org, space, ct);
            Notice = $"Space \"{current.Name}\" deleted with its instances and snapshots.";
            return Redirect(OrgPath(org));
        }, () => LoadAsync(org, space, ct));

    public Task<IActionResult> OnPostResendAsync(string org, string space, Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        var invitation = await invitations.ResendAsync(await ActorAsync(ct), id, ct);
        Notice = $"Invitation sent again to {invitation.Email}.";
        return Redirect(SpacePath(org, space) + Request.QueryString);
    }, () => LoadAsync(org, space, ct));

    /// <summary>This page with the current search and sort, at another page or order.</summary>
    public string Link(string? sort = null, int? page = null)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(Search))
            query.Add("q=" + Uri.EscapeDataString(Search));
        if ((sort ?? Sort) is { Length: > 0 } s)
            query.Add("sort=" + Uri.EscapeDataString(s));
        if ((page ?? 1) > 1)
            query.Add("p=" + page);
        return SpacePath(Org, Space.Slug) + (query.Count == 0 ? "" : "?" + string.Join('&', query)) + "#instances";
    }

    private async Task LoadAsync(string org, string space, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        Org = org;
        Space = await spaces.GetAsync(actor, org, space, ct);
        var scope = await access.SpaceAsync(actor, org, space, ct);
        IsAdmin = AccessPolicy.May(Act.CreateInstance, scope.Grants);
        CanEdit = AccessPolicy.May(Act.EditSpace, scope.Grants);
        CanDelete = AccessPolicy.May(Act.DeleteSpace, scope.Grants);
        if (AccessPolicy.May(Act.ViewSpaceMembers, scope.Grants))
        {
            var sort = Sort switch { "changed" => OverviewSort.Changed, "snapshot" => OverviewSort.Snapshot, _ => OverviewSort.Name };
            Overview = await overview.GetAsync(actor, org, space, new OverviewQuery(Search, sort, PageNumber), ct);
        }
        else
        {
            // The overview lists every instance itself; the plain list is for everyone else.
            Instances = await instances.ListAsync(actor, org, space, ct);
        }
        if (AccessPolicy.May(Act.ViewDistributions, scope.Grants))
            Distributions = await distributions.ListAsync(actor, org, space, ct, newest: 5);
        if (AccessPolicy.May(Act.ManageAssignments, scope.Grants))
            Assignments = await assignments.ListAsync(actor, org, space, ct);
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(Space.Name, SpacePath(org, space)));
    }
}
