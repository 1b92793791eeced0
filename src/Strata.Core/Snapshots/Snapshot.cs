namespace Strata.Core.Snapshots;

public enum SnapshotType
{
    Quick,
    Detailed,
    Auto,

    /// <summary>A hand-in of an assignment (SPEC §12): only the assignment's paths, kept for grading.</summary>
    Handin,
}

/// <summary>An immutable state: a pointer to a root tree, with what it holds counted once at creation.</summary>
public sealed class Snapshot
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid InstanceId { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public SnapshotType Type { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public Guid? CreatedById { get; init; }

    public required string CreatedBy { get; init; }

    public required string Root { get; init; }

    public long FileCount { get; init; }

    public long Size { get; init; }

    /// <summary>
    /// Which of its creator's places in the instance this snapshot holds (1 to the limit), for the snapshots the
    /// limit counts; null for the others. Unique per instance and person, so two requests racing for the last
    /// place cannot both take it: the count alone, read before the insert, let 30 concurrent requests through.
    /// </summary>
    public int? Slot { get; init; }
}

public sealed record SnapshotView(Guid Id, string Name, string Description, SnapshotType Type, DateTimeOffset CreatedAt, string CreatedBy, long FileCount, long Size)
{
    public static SnapshotView Of(Snapshot s) => new(s.Id, s.Name, s.Description, s.Type, s.CreatedAt, s.CreatedBy, s.FileCount, s.Size);
}

public sealed record CreateSnapshot(string? Name = null, string? Description = null, string? NextPhaseDescription = null, bool? NoWorkExpected = null);

public sealed class SnapshotOptions
{
    /// <summary>Non-auto snapshots one user may keep per instance (SPEC §5).</summary>
    public int PerUserLimit { get; set; } = 200;
}
