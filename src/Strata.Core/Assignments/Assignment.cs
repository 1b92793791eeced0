namespace Strata.Core.Assignments;

/// <summary>What happens to a hand-in after the deadline (SPEC §12).</summary>
public enum LatePolicy
{
    Refuse,
    Accept,
}

public enum HandInKind
{
    /// <summary>Made by an editor of the instance.</summary>
    Handin,

    /// <summary>Frozen by the collector for a target without a hand-in.</summary>
    Collected,
}

/// <summary>
/// An assignment of a course space (SPEC §12): the handed-out paths of a pinned source root, the targets
/// (one <see cref="AssignmentTarget"/> row each), a deadline and a late policy. Every step is rows and ids:
/// hand-ins are snapshots of the targets, feedback folders are states of their own.
/// </summary>
public sealed class Assignment
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 4000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OrgId { get; init; }

    public Guid SpaceId { get; init; }

    public required string Name { get; set; }

    /// <summary>Lower-case name: unique per space.</summary>
    public required string NameKey { get; set; }

    public string Description { get; set; } = "";

    public Guid SourceInstanceId { get; init; }

    /// <summary>The source's slug when the assignment was made.</summary>
    public required string SourceInstance { get; init; }

    /// <summary>"current" or a snapshot id, as the caller named it.</summary>
    public required string SourceState { get; init; }

    /// <summary>The source's root when the assignment was made.</summary>
    public required string SourceRoot { get; init; }

    /// <summary>The handed-out paths only, as one tree: what every hand-in is compared with.</summary>
    public required string HandoutRoot { get; init; }

    /// <summary>Handed-out paths, one per line.</summary>
    public required string Paths { get; init; }

    public DateTimeOffset DueAt { get; set; }

    public LatePolicy Late { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public Guid? CreatedById { get; init; }

    public required string CreatedBy { get; init; }

    /// <summary>The distribution that handed the material out.</summary>
    public Guid HandoutId { get; init; }

    public IReadOnlyList<string> PathList => Paths.Length == 0 ? [] : Paths.Split('\n');
}

/// <summary>One instance an assignment was given to, with its extension, grade and hand-back.</summary>
public sealed class AssignmentTarget
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid AssignmentId { get; init; }

    public Guid InstanceId { get; init; }

    /// <summary>An extension: this instance's own deadline.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The deadline the collector last handled for this target; a moved deadline is collected again.</summary>
    public DateTimeOffset? CollectedFor { get; set; }

    public string? Grade { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset? GradedAt { get; set; }

    public string? GradedBy { get; set; }

    public DateTimeOffset? ReturnedAt { get; set; }
}

/// <summary>A hand-in: an immutable snapshot of the assignment's paths of one target, and how it compares with what was handed out.</summary>
public sealed class HandIn
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid AssignmentId { get; init; }

    public Guid InstanceId { get; init; }

    public HandInKind Kind { get; init; }

    public DateTimeOffset At { get; init; }

    public bool Late { get; init; }

    public Guid SnapshotId { get; init; }

    /// <summary>The handed-out paths the hand-in holds, one per line (a collected one may lack some).</summary>
    public required string Paths { get; init; }

    public int Added { get; init; }

    public int Modified { get; init; }

    public int Deleted { get; init; }

    public string? By { get; init; }
}
