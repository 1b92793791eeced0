namespace Strata.Core.Distributions;

public enum DistributionStrategy
{
    Overwrite,
    Extra,
    Mirror,
    Merge,
}

public enum DistributionStatus
{
    Queued,
    Running,
    Succeeded,
    Partial,
    Failed,
    Cancelled,
}

public enum TargetStatus
{
    Pending,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// A durable distribution job (SPEC §6): what to deliver (a pinned source root and selected paths),
/// how, and to whom (one <see cref="DistributionTarget"/> row per target). A worker leases the job with a
/// conditional update, so several server processes sharing the database never run it twice at once;
/// each target is applied in one transaction with its own status, so a resumed job never applies a
/// target twice.
/// </summary>
public sealed class Distribution
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OrgId { get; init; }

    public Guid SpaceId { get; init; }

    public Guid SourceInstanceId { get; init; }

    /// <summary>The source's slug when the job was made (the source may be deleted since).</summary>
    public required string SourceInstance { get; init; }

    /// <summary>"current" or a snapshot id, as the caller named it.</summary>
    public required string SourceState { get; init; }

    /// <summary>The source's root when the job was made: a current source is pinned, so every target gets the same content.</summary>
    public required string SourceRoot { get; init; }

    /// <summary>Selected source paths, one per line; empty means everything.</summary>
    public string Paths { get; init; } = "";

    public DistributionStrategy Strategy { get; init; }

    public bool AutoSnapshot { get; init; } = true;

    public bool Notify { get; init; }

    public string? Message { get; init; }

    /// <summary>Set when this job recalls an earlier distribution.</summary>
    public Guid? RecallOfId { get; init; }

    /// <summary>Set when this job hands an assignment out, or (with <see cref="HandBack"/>) its feedback back.</summary>
    public Guid? AssignmentId { get; init; }

    /// <summary>This job delivers each target its own feedback (<see cref="DistributionTarget.SourceRoot"/>).</summary>
    public bool HandBack { get; init; }

    public DistributionStatus Status { get; set; }

    public bool CancelRequested { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public Guid? CreatedById { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Total { get; init; }

    public int Done { get; set; }

    /// <summary>The worker that runs the job, until <see cref="LeasedUntil"/>; after a crash another worker may take it.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }

    public IReadOnlyList<string> PathList => Paths.Length == 0 ? [] : Paths.Split('\n');
}

/// <summary>One target of a distribution and what happened there.</summary>
public sealed class DistributionTarget
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid DistributionId { get; init; }

    public Guid InstanceId { get; init; }

    public required string InstanceSlug { get; init; }

    /// <summary>Targets run in this order.</summary>
    public int Position { get; init; }

    /// <summary>What this target alone receives, instead of the job's source root (a hand-back's feedback).</summary>
    public string? SourceRoot { get; init; }

    public TargetStatus Status { get; set; }

    public long Added { get; set; }

    /// <summary>After delivery the instance holds more than its space's quota (it received everything anyway).</summary>
    public bool OverQuota { get; set; }

    public long Updated { get; set; }

    public long Deleted { get; set; }

    public long Kept { get; set; }

    /// <summary>Paths kept with the incoming version placed beside them (merge), or kept because changed (recall); one per line.</summary>
    public string Conflicts { get; set; } = "";

    public string? Error { get; set; }

    /// <summary>The auto snapshot taken of the target just before it changed.</summary>
    public Guid? SafetySnapshotId { get; set; }

    /// <summary>The target's root just before this job changed it, and just after: a recall undoes exactly that change.</summary>
    public string? RootBefore { get; set; }

    public string? RootAfter { get; set; }

    /// <summary>The target's delivery base before this job moved it; a recall puts the recalled paths of the base back too.</summary>
    public string? BaseBefore { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
