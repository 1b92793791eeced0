namespace Strata.Core.Maintenance;

public enum MaintenanceKind
{
    /// <summary>Integrity check: every reachable object is stored and hashes to its id.</summary>
    Fsck,

    /// <summary>Garbage collection.</summary>
    Gc,

    /// <summary>A storage count: what every space, instance and snapshot references and holds alone (kept in usage_figures).</summary>
    Usage,
}

public enum MaintenanceStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One run of a storage job for platform administrators (SPEC §10): queued by a request, run in the background by
/// exactly one node under a lease (another takes over when that node dies), with its progress and report.
/// </summary>
public sealed class MaintenanceRun
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public MaintenanceKind Kind { get; init; }

    public MaintenanceStatus Status { get; set; }

    public bool DryRun { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public Guid? CreatedById { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Objects read and hashed (fsck) or marked (gc) so far.</summary>
    public long ObjectsDone { get; set; }

    public long BlobsDeleted { get; set; }

    public long TreesDeleted { get; set; }

    public long BytesReclaimed { get; set; }

    /// <summary>The findings as JSON (fsck: missing and corrupt objects with the states that reference them); null until finished.</summary>
    public string? Report { get; set; }

    public string? Error { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }
}
