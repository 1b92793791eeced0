using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Assignments;
using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Server.Auth;
using Strata.Server.Pages.Spaces;

namespace Strata.Server.Pages.Assignments;

/// <summary>"Create an assignment": what (a state and its objects), to whom, the deadline in the reader's time zone, the late policy.</summary>
public sealed class NewAssignmentModel(CurrentUser currentUser, AccessResolver access, InstanceService instances, AssignmentService assignments, ContentPicker picker)
    : StrataPage(currentUser)
{
    public string Org { get; private set; } = "";

    public string SpaceSlug { get; private set; } = "";

    public string SpaceName { get; private set; } = "";

    public ContentPicker Picker => picker;

    /// <summary>The students' instances an assignment can go to.</summary>
    public IReadOnlyList<InstanceView> Targets { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty]
    public List<string> Paths { get; set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>The deadline as the browser's datetime-local field gives it: a wall-clock time in <see cref="TimeZone"/>.</summary>
    [BindProperty]
    public string? Due { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    [BindProperty]
    public bool All { get; set; } = true;

    [BindProperty]
    public List<string> Instances { get; set; } = [];

    [BindProperty]
    public string Late { get; set; } = "refuse";

    [BindProperty]
    public bool Notify { get; set; } = true;

    public Task OnGetAsync(string org, string space, CancellationToken ct) => LoadAsync(org, space, ct);

    public Task<IActionResult> OnPostAsync(string org, string space, CancellationToken ct) => AttemptAsync(async () =>
    {
        var request = new CreateAssignment(Name, Description, new ContentSource(Source, State, Paths.Count == 0 ? null : Paths),
            All ? new DistributionTargets(All: true) : new DistributionTargets(Instances), DueAt(Due, TimeZone), Late, "merge", Notify);
        var created = await assignments.CreateAsync(await ActorAsync(ct), org, space, request, ct);
        Notice = $"Assignment \"{created.Name}\" created: its material is being handed out to {created.Targets} instances.";
        return Redirect(AssignmentPath(org, space, created.Id));
    }, () => LoadAsync(org, space, ct));

    public static string AssignmentPath(string org, string space, Guid id) => $"{SpacePath(org, space)}/assignments/{id}";

    /// <summary>A wall-clock time in an IANA zone (UTC when the browser sent none) as a moment.</summary>
    public static DateTimeOffset? DueAt(string? local, string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(local))
            return null;
        if (!DateTime.TryParseExact(local.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
            throw new DomainException(ErrorCodes.InvalidRequest, "Give the deadline as a date and a time, such as 2026-12-14 23:59.");
        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(zoneId) && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId.Trim(), out zone))
            zone = TimeZoneInfo.Utc;
        try
        {
            // A time the clocks skip (spring forward) does not exist there: the hour after it is meant.
            if (zone.IsInvalidTime(wall))
                wall = wall.AddHours(1);
            return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new DomainException(ErrorCodes.InvalidRequest, $"{local.Trim()} is not a deadline this calendar can hold. Choose a date between the years 1 and 9999.");
        }
    }

    private async Task LoadAsync(string org, string space, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        (Org, SpaceSlug) = (org, space);
        var scope = await access.SpaceAsync(actor, org, space, ct);
        AccessPolicy.Demand(Act.ManageAssignments, scope.Grants, scope.Org.Name, scope.Space.Name);
        SpaceName = scope.Space.Name;
        await picker.LoadAsync(actor, org, space, Source, State, ct);
        Targets = [.. (await instances.ListAsync(actor, org, space, ct)).Where(i => i.Kind == InstanceKind.Regular)];
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb("New assignment", null));
    }
}
