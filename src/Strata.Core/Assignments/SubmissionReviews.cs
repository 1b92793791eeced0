using Strata.Core.Access;
using Strata.Core.Compare;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Assignments;

/// <summary>One submission as a grader reviews it: what changed against the handout, one file's line diff, the feedback folder, and where to go next.</summary>
public sealed record SubmissionReview(
    Guid Assignment,
    string AssignmentName,
    SubmissionView Submission,
    IReadOnlyList<ChangeView> Changes,
    TextDiffView? LineDiff,
    IReadOnlyList<FileEntryView> Feedback,
    string? NextUngraded,
    int Position,
    int Count);

public sealed class SubmissionReviews(AssignmentLookup lookup, GradingService grading, FeedbackFolders feedback, TextDiffService diffs, ITreeStore trees)
{
    public async Task<SubmissionReview> ReviewAsync(Actor actor, string org, string space, Guid id, string instance, string? diffPath, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        var (target, _) = await lookup.TargetAsync(scope, assignment, instance, ct);
        var all = await grading.SubmissionsAsync(assignment, null, ct);
        var position = all.ToList().FindIndex(s => s.Instance == target.Slug);
        var submission = all[position];
        // The next ungraded one after this, wrapping around: a grader goes through the class without going back to the list.
        var next = all.Skip(position + 1).Concat(all.Take(position)).FirstOrDefault(s => s.Grade is null)?.Instance;

        IReadOnlyList<ChangeView> changes = [];
        TextDiffView? lineDiff = null;
        var handout = ContentId.Parse(assignment.HandoutRoot);
        if (submission.HandIn is { } handIn)
        {
            var root = ContentId.Parse(await grading.SnapshotRootAsync(handIn.Snapshot.Id, ct));
            changes = [.. (await TreeDiff.CompareAsync(trees, handout, root, ct)).Select(c => new ChangeView(c.Path, c.Kind.ToString().ToLowerInvariant()))];
            var path = diffPath ?? changes.FirstOrDefault(c => c.Change != "deleted")?.Path;
            if (path is not null && changes.Any(c => c.Path == path))
                lineDiff = await diffs.BetweenAsync(handout, root, StoragePath.Parse(path), ct);
        }
        List<FileEntryView> files = [];
        await AddFilesAsync(await feedback.RootAsync(assignment.Id, target.Id, ct), "", files, ct);
        return new SubmissionReview(assignment.Id, assignment.Name, submission, changes, lineDiff, files, next, position + 1, all.Count);
    }

    private async Task AddFilesAsync(ContentId folder, string prefix, List<FileEntryView> files, CancellationToken ct)
    {
        foreach (var entry in (await trees.GetAsync(folder, ct)).Entries)
        {
            if (entry.IsFolder)
                await AddFilesAsync(entry.Id, prefix + entry.Name + "/", files, ct);
            else
                files.Add(FileEntryView.Of(entry) with { Name = prefix + entry.Name });
        }
    }
}
