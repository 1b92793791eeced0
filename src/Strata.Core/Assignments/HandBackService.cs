using System.Text;
using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Core.Maintenance;
using Strata.Storage;
using Strata.Storage.Blobs;
using Strata.Storage.Trees;

namespace Strata.Core.Assignments;

/// <summary>
/// Hand-back (SPEC §12): a distribution job whose every target receives its own tree — <c>feedback/{assignment}/</c>
/// holding grade.md and the feedback files written for that student, as they are when the job is made. The
/// distribution machinery delivers it (auto snapshot first, progress, a report, resumable), and marks the target returned.
/// </summary>
public sealed class HandBackService(StrataDb db, AssignmentLookup lookup, FeedbackFolders feedback, GradingService grading, IBlobStore blobs, ITreeStore trees,
    AuditLog audit, DistributionSignal signal, TimeProvider clock, WriteIntent intent)
{
    public async Task<DistributionView> ReturnAsync(Actor actor, string org, string space, Guid id, ReturnFeedback request, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        var submissions = await grading.SubmissionsAsync(assignment, null, ct);
        List<SubmissionView> chosen;
        if (request.Instances?.Any(s => !string.IsNullOrWhiteSpace(s)) == true && request.Instances is { } listed)
        {
            var bySlug = submissions.ToDictionary(s => s.Instance, StringComparer.Ordinal);
            chosen = [];
            foreach (var slug in listed.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal))
            {
                chosen.Add(bySlug.GetValueOrDefault(slug)
                    ?? throw new DomainException(ErrorCodes.NotFound, $"\"{slug}\" is not an instance this assignment was given to."));
            }
        }
        else
        {
            chosen = [.. submissions.Where(s => s.Grade is not null)];
            if (chosen.Count == 0)
                throw new DomainException(ErrorCodes.InvalidRequest, "No submission is graded yet, so there is nothing to hand back. Grade first, or name the instances to hand back.");
        }
        var instances = await db.Instances.AsNoTracking().Where(i => i.SpaceId == scope.Space.Id).ToDictionaryAsync(i => i.Slug, StringComparer.Ordinal, ct);

        await intent.BeginAsync(ct); // before the feedback roots are read and the deliveries written
        var folder = StoragePath.Parse("feedback").Combine(assignment.Name);
        var now = clock.GetUtcNow();
        var job = new Distribution
        {
            OrgId = scope.Org.Id,
            SpaceId = scope.Space.Id,
            SourceInstanceId = assignment.SourceInstanceId,
            SourceInstance = assignment.SourceInstance,
            SourceState = assignment.SourceState,
            SourceRoot = Tree.EmptyId.ToString(),
            Paths = folder.ToString(),
            Strategy = DistributionStrategy.Overwrite,
            AutoSnapshot = true,
            Notify = true,
            AssignmentId = assignment.Id,
            HandBack = true,
            Status = DistributionStatus.Queued,
            CreatedAt = now,
            CreatedById = actor.UserId,
            CreatedBy = actor.Email,
            Total = chosen.Count,
        };
        var rows = new List<DistributionTarget>();
        foreach (var submission in chosen)
        {
            var instance = instances[submission.Instance];
            var delivery = await DeliveryAsync(assignment, submission, folder, await feedback.RootAsync(assignment.Id, instance.Id, ct), actor, now, ct);
            rows.Add(new DistributionTarget { DistributionId = job.Id, InstanceId = instance.Id, InstanceSlug = instance.Slug, Position = rows.Count, SourceRoot = delivery.ToString() });
        }
        db.Distributions.Add(job);
        db.DistributionTargets.AddRange(rows);
        audit.Record(scope.Org.Id, actor, "assignment.returned", $"assignment \"{assignment.Name}\" in {scope.Space.Name}",
            $"feedback to {Counted.Of(rows.Count, "instance")}");
        await intent.SaveChangesAsync(ct);
        signal.Wake();
        return DistributionView.Of(job, rows);
    }

    /// <summary>One student's delivery: a tree with <c>feedback/{name}/</c> = their feedback folder plus grade.md.</summary>
    private async Task<ContentId> DeliveryAsync(Assignment assignment, SubmissionView submission, StoragePath folder, ContentId feedbackRoot, Actor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var text = GradeText(assignment, submission, actor, now);
        var stored = await blobs.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), ct);
        var summary = await trees.SummaryAsync(feedbackRoot, ct);
        var editor = new TreeEditor(trees, Tree.EmptyId);
        await editor.SetAsync(folder, new TreeEntry(folder.Name, EntryKind.Folder, feedbackRoot, summary.TotalSize, now, summary.FileCount), ct);
        await editor.PutFileAsync(folder.Combine("grade.md"), stored.Id, stored.Size, now, ct);
        return (await editor.CommitAsync(ct)).Id;
    }

    internal static string GradeText(Assignment assignment, SubmissionView submission, Actor grader, DateTimeOffset now)
    {
        var handIn = submission.HandIn switch
        {
            null => "Nothing was handed in.",
            { Kind: HandInKind.Collected } h => $"Collected at {AssignmentRules.Format(h.At)} (nothing was handed in before).",
            { Late: true } h => $"Handed in late, at {AssignmentRules.Format(h.At)}.",
            var h => $"Handed in at {AssignmentRules.Format(h.At)}.",
        };
        return $"""
            # {assignment.Name}

            **Grade:** {submission.Grade ?? "not graded"}

            {(submission.Comment is null ? "" : submission.Comment + "\n\n")}{handIn}
            Handed back by {grader.Email} at {AssignmentRules.Format(now)}.

            """;
    }
}
