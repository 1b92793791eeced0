using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Assignments;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Assignments;

/// <summary>
/// The graders' page of an assignment: counts, the submissions table (filter, search, sort) and the actions on the
/// whole class: collect, export, hand back, change the deadline, delete. Filtering happens here, on rows read in a few
/// queries, so a class of 1,000 stays one fast page.
/// </summary>
public sealed class AssignmentModel(CurrentUser currentUser, AccessResolver access, AssignmentService assignments, GradingService grading, HandInService handIns,
    HandBackService handBack) : StrataPage(currentUser)
{
    public static readonly (string Value, string Label)[] Filters =
        [("", "All"), ("handed-in", "Handed in"), ("late", "Late"), ("missing", "Missing"), ("collected", "Collected"), ("ungraded", "Ungraded"), ("graded", "Graded")];

    public string Org { get; private set; } = "";

    public string SpaceSlug { get; private set; } = "";

    public AssignmentView Assignment { get; private set; } = null!;

    /// <summary>Every submission, for the counts.</summary>
    public IReadOnlyList<SubmissionView> All { get; private set; } = [];

    /// <summary>The ones shown, after filter, search and sort.</summary>
    public IReadOnlyList<SubmissionView> Shown { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "show")]
    public string? Show { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    public string Here => NewAssignmentModel.AssignmentPath(Org, SpaceSlug, Assignment.Id);

    public string Api => $"/api/v1/orgs/{Uri.EscapeDataString(Org)}/spaces/{Uri.EscapeDataString(SpaceSlug)}/assignments/{Assignment.Id}";

    public int Count(string filter) => All.Count(s => Matches(s, filter));

    public Task OnGetAsync(string org, string space, Guid id, CancellationToken ct) => LoadAsync(org, space, id, ct);

    public Task<IActionResult> OnPostCollectAsync(string org, string space, Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        var result = await handIns.CollectAsync(await ActorAsync(ct), org, space, id, ct);
        Notice = result.Collected == 0 ? "Every instance has a hand-in already: nothing to collect." : $"Collected {result.Collected} instances without a hand-in, as they are now.";
        return Redirect(NewAssignmentModel.AssignmentPath(org, space, id));
    }, () => LoadAsync(org, space, id, ct));

    public Task<IActionResult> OnPostReturnAsync(string org, string space, Guid id, List<string> instances, CancellationToken ct) => AttemptAsync(async () =>
    {
        var job = await handBack.ReturnAsync(await ActorAsync(ct), org, space, id, new ReturnFeedback(instances.Count == 0 ? null : instances), ct);
        Notice = $"Handing back to {job.Progress.Total} instances.";
        return Redirect($"{SpacePath(org, space)}/distributions/{job.Id}");
    }, () => LoadAsync(org, space, id, ct));

    public Task<IActionResult> OnPostEditAsync(string org, string space, Guid id, string? name, string? description, string? due, string? timeZone, string? late,
        CancellationToken ct) => AttemptAsync(async () =>
    {
        var updated = await assignments.UpdateAsync(await ActorAsync(ct), org, space, id,
            new UpdateAssignment(name, description, NewAssignmentModel.DueAt(due, timeZone), late), ct);
        Notice = $"Assignment \"{updated.Name}\" saved.";
        return Redirect(NewAssignmentModel.AssignmentPath(org, space, id));
    }, () => LoadAsync(org, space, id, ct));

    public Task<IActionResult> OnPostDeleteAsync(string org, string space, Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        await assignments.DeleteAsync(await ActorAsync(ct), org, space, id, ct);
        Notice = "Assignment deleted; its hand-ins stay as snapshots of the students' instances.";
        return Redirect(SpacePath(org, space));
    }, () => LoadAsync(org, space, id, ct));

    /// <summary>This page with the current filter, search and sort, one of them changed.</summary>
    public string Link(string? show = null, string? sort = null)
    {
        var query = new List<string>();
        if ((show ?? Show) is { Length: > 0 } s)
            query.Add("show=" + Uri.EscapeDataString(s));
        if (!string.IsNullOrWhiteSpace(Search))
            query.Add("q=" + Uri.EscapeDataString(Search));
        if ((sort ?? Sort) is { Length: > 0 } o)
            query.Add("sort=" + Uri.EscapeDataString(o));
        return Here + (query.Count == 0 ? "" : "?" + string.Join('&', query)) + "#submissions";
    }

    /// <summary>"2 modified, 1 added" or "none": a hand-in against what was handed out.</summary>
    public static string Describe(ChangeCounts changes)
    {
        var parts = new[] { (changes.Added, "added"), (changes.Modified, "modified"), (changes.Deleted, "deleted") }.Where(p => p.Item1 > 0).Select(p => $"{p.Item1} {p.Item2}").ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    public static bool Matches(SubmissionView s, string? filter) => filter switch
    {
        "handed-in" => s.HandIn is { Kind: HandInKind.Handin },
        "late" => s.HandIn is { Late: true },
        "missing" => s.HandIn is null,
        "collected" => s.HandIn is { Kind: HandInKind.Collected },
        "ungraded" => s.Grade is null,
        "graded" => s.Grade is not null,
        _ => true,
    };

    private async Task LoadAsync(string org, string space, Guid id, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        (Org, SpaceSlug) = (org, space);
        var scope = await access.SpaceAsync(actor, org, space, ct);
        Assignment = await assignments.GetAsync(actor, org, space, id, ct);
        All = await grading.ListAsync(actor, org, space, id, ct);
        var search = Search?.Trim();
        var shown = All.Where(s => Matches(s, Show)).Where(s => string.IsNullOrEmpty(search)
            || s.InstanceName.Contains(search, StringComparison.OrdinalIgnoreCase) || s.Instance.Contains(search, StringComparison.OrdinalIgnoreCase)
            || s.Members.Any(m => m.Contains(search, StringComparison.OrdinalIgnoreCase)));
        Shown = Sort switch
        {
            "handed-in" => [.. shown.OrderBy(s => s.HandIn?.At ?? DateTimeOffset.MaxValue)],
            "grade" => [.. shown.OrderBy(s => s.Grade is null).ThenBy(s => s.Grade, StringComparer.OrdinalIgnoreCase)],
            _ => [.. shown],
        };
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb(Assignment.Name, null));
    }
}
