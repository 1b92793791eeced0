using Strata.Core.Distributions;
using Strata.Core.Snapshots;
using Strata.Core.States;

namespace Strata.Core.Assignments;

/// <summary>API.md's create body; texts are parsed by the service so a wrong value gets a sentence.</summary>
public sealed record CreateAssignment(
    string? Name,
    string? Description,
    ContentSource? Source,
    DistributionTargets? Targets,
    DateTimeOffset? DueAt,
    string? Late = null,
    string? Strategy = null,
    bool? Notify = null);

public sealed record UpdateAssignment(string? Name = null, string? Description = null, DateTimeOffset? DueAt = null, string? Late = null);

public sealed record SetExtension(DateTimeOffset? DueAt);

public sealed record CreateHandIn(string? Instance);

public sealed record GradeSubmission(string? Grade, string? Comment = null);

public sealed record ReturnFeedback(IReadOnlyList<string>? Instances = null);

public sealed record CollectResult(int Collected);

public sealed record AssignmentView(
    Guid Id,
    string Name,
    string Description,
    SourceView Source,
    DateTimeOffset DueAt,
    LatePolicy Late,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    Guid Handout,
    int Targets,
    int HandedIn,
    int Graded,
    int Returned);

public sealed record HandInView(Guid Id, string Instance, HandInKind Kind, DateTimeOffset At, bool Late, SnapshotView Snapshot, IReadOnlyList<string> Paths)
{
    public static HandInView Of(HandIn h, string instance, Snapshot snapshot) =>
        new(h.Id, instance, h.Kind, h.At, h.Late, SnapshotView.Of(snapshot), h.Paths.Length == 0 ? [] : h.Paths.Split('\n'));
}

public sealed record ChangeCounts(int Added, int Modified, int Deleted);

public sealed record SubmissionView(
    string Instance,
    string InstanceName,
    IReadOnlyList<string> Members,
    HandInView? HandIn,
    DateTimeOffset DueAt,
    string? Grade,
    string? Comment,
    DateTimeOffset? ReturnedAt,
    ChangeCounts Changes);
