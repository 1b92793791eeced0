using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Assignments;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Assignments;

/// <summary>One student's submission for graders: the hand-in against the handout, a file's line diff, the feedback folder, the grade form, the extension, and "next ungraded".</summary>
public sealed class SubmissionModel(CurrentUser currentUser, AccessResolver access, SubmissionReviews reviews, GradingService grading, FeedbackFolders feedback,
    AssignmentService assignments) : StrataPage(currentUser)
{
    public string Org { get; private set; } = "";

    public string SpaceSlug { get; private set; } = "";

    public SubmissionReview Review { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string? DiffPath { get; set; }

    public SubmissionView Submission => Review.Submission;

    public string AssignmentHere => NewAssignmentModel.AssignmentPath(Org, SpaceSlug, Review.Assignment);

    public string Here => $"{AssignmentHere}/submissions/{Uri.EscapeDataString(Submission.Instance)}";

    public string FeedbackApi => $"/api/v1/orgs/{Uri.EscapeDataString(Org)}/spaces/{Uri.EscapeDataString(SpaceSlug)}/assignments/{Review.Assignment}/submissions/{Uri.EscapeDataString(Submission.Instance)}/feedback/files";

    public Task OnGetAsync(string org, string space, Guid id, string instance, CancellationToken ct) => LoadAsync(org, space, id, instance, ct);

    public Task<IActionResult> OnPostGradeAsync(string org, string space, Guid id, string instance, string? grade, string? comment, bool next, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var saved = await grading.GradeAsync(await ActorAsync(ct), org, space, id, instance, new GradeSubmission(grade, comment), ct);
            Notice = $"Grade of {saved.InstanceName} saved.";
            await LoadAsync(org, space, id, instance, ct);
            return Redirect(next && Review.NextUngraded is { } following
                ? $"{AssignmentHere}/submissions/{Uri.EscapeDataString(following)}"
                : Here);
        }, () => LoadAsync(org, space, id, instance, ct));

    public Task<IActionResult> OnPostFeedbackAsync(string org, string space, Guid id, string instance, List<IFormFile> files, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var actor = await ActorAsync(ct);
            foreach (var file in files)
            {
                await using var body = file.OpenReadStream();
                await feedback.UploadAsync(actor, org, space, id, instance, Path.GetFileName(file.FileName), body, null, ct);
            }
            Notice = files.Count == 0 ? "Choose the feedback files to add first." : $"{files.Count} feedback file{(files.Count == 1 ? "" : "s")} added.";
            return Redirect(SelfPath(org, space, id, instance) + "#feedback");
        }, () => LoadAsync(org, space, id, instance, ct));

    public Task<IActionResult> OnPostNoteAsync(string org, string space, Guid id, string instance, string? name, string? text, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var file = string.IsNullOrWhiteSpace(name) ? "notes.md" : name.Trim();
            await feedback.UploadAsync(await ActorAsync(ct), org, space, id, instance, file, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text ?? "")), null, ct);
            Notice = $"Feedback file {file} saved.";
            return Redirect(SelfPath(org, space, id, instance) + "#feedback");
        }, () => LoadAsync(org, space, id, instance, ct));

    public Task<IActionResult> OnPostDeleteFeedbackAsync(string org, string space, Guid id, string instance, string? path, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            await feedback.DeleteAsync(await ActorAsync(ct), org, space, id, instance, path, null, ct);
            Notice = $"Feedback file {path} deleted.";
            return Redirect(SelfPath(org, space, id, instance) + "#feedback");
        }, () => LoadAsync(org, space, id, instance, ct));

    public Task<IActionResult> OnPostExtendAsync(string org, string space, Guid id, string instance, string? due, string? timeZone, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var actor = await ActorAsync(ct);
            if (NewAssignmentModel.DueAt(due, timeZone) is { } dueAt)
            {
                await assignments.SetExtensionAsync(actor, org, space, id, instance, new SetExtension(dueAt), ct);
                Notice = $"Extended to {When(dueAt)}.";
            }
            else
            {
                await assignments.RemoveExtensionAsync(actor, org, space, id, instance, ct);
                Notice = "Extension removed: the assignment's deadline holds.";
            }
            return Redirect(SelfPath(org, space, id, instance));
        }, () => LoadAsync(org, space, id, instance, ct));

    private static string SelfPath(string org, string space, Guid id, string instance) =>
        $"{NewAssignmentModel.AssignmentPath(org, space, id)}/submissions/{Uri.EscapeDataString(instance)}";

    private async Task LoadAsync(string org, string space, Guid id, string instance, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        (Org, SpaceSlug) = (org, space);
        var scope = await access.SpaceAsync(actor, org, space, ct);
        Review = await reviews.ReviewAsync(actor, org, space, id, instance, DiffPath, ct);
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb(Review.AssignmentName, NewAssignmentModel.AssignmentPath(org, space, id)));
        Crumbs.Add(new Crumb(Submission.InstanceName, null));
    }
}
