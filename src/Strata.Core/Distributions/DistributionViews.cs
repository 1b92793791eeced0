using Strata.Core.States;

namespace Strata.Core.Distributions;

/// <param name="Except">With <c>all</c>: instances to leave out (a teacher's own, for example).</param>
public sealed record DistributionTargets(IReadOnlyList<string>? Instances = null, bool? All = null, IReadOnlyList<string>? Except = null);

/// <summary>API.md's create body; strategy is text so a wrong one gets a sentence, not a parse error.</summary>
public sealed record CreateDistribution(
    ContentSource? Source,
    DistributionTargets? Targets,
    string? Strategy = null,
    bool? AutoSnapshot = null,
    bool? Notify = null,
    string? Message = null);

public sealed record SourceView(string Instance, string State, IReadOnlyList<string> Paths);

public sealed record ProgressView(int Done, int Total);

public sealed record TargetView(string Instance, TargetStatus Status, long Added, long Updated, long Deleted, long Kept,
    IReadOnlyList<string> Conflicts, string? Error, Guid? SafetySnapshot, bool OverQuota);

/// <summary>API.md's Distribution, plus the options it was made with, for a recall what it recalls, and the assignment it hands out or back.</summary>
public sealed record DistributionView(
    Guid Id,
    DistributionStatus Status,
    DistributionStrategy Strategy,
    SourceView Source,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    ProgressView Progress,
    IReadOnlyList<TargetView> Targets,
    bool AutoSnapshot,
    bool Notify,
    string? Message,
    Guid? RecallOf,
    DateTimeOffset? FinishedAt,
    Guid? Assignment,
    bool HandBack)
{
    public static DistributionView Of(Distribution d, IEnumerable<DistributionTarget> targets) => new(
        d.Id, d.Status, d.Strategy, new SourceView(d.SourceInstance, d.SourceState, d.PathList), d.CreatedAt, d.CreatedBy,
        new ProgressView(d.Done, d.Total),
        [.. targets.OrderBy(t => t.Position).Select(t => new TargetView(t.InstanceSlug, t.Status, t.Added, t.Updated, t.Deleted, t.Kept,
            t.Conflicts.Length == 0 ? [] : t.Conflicts.Split('\n'), t.Error, t.SafetySnapshotId, t.OverQuota))],
        d.AutoSnapshot, d.Notify, d.Message, d.RecallOfId, d.FinishedAt, d.AssignmentId, d.HandBack);
}
