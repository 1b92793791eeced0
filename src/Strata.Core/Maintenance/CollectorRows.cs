namespace Strata.Core.Maintenance;

/// <summary>
/// A state change in flight: inserted (and committed) before the change reads a root or stores an object, confirmed
/// inside the change's commit, removed when the change ends. The collector purges nothing while an intent that was
/// alive when its sweep ended is still alive, and removes intents older than their lifetime, so such a change can no
/// longer commit (docs/storage.md, "Garbage collection").
/// </summary>
public sealed class WriteIntentRow
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A root that stopped being live (a pointer moved, a snapshot, instance or space deleted), kept for a while so the
/// collector still marks from it: a change in flight may have read it and be about to reference its subtrees.
/// </summary>
public sealed class DroppedRoot
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public string Root { get; init; } = "";

    public DateTimeOffset DroppedAt { get; init; }
}

/// <summary>The one row that makes collections exclusive across nodes (a lease) and holds the schedule.</summary>
public sealed class CollectorState
{
    public const int TheOne = 1;

    public int Id { get; init; }

    public string? Owner { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }

    /// <summary>When the scheduled collection is due next; null until a node first looks.</summary>
    public DateTimeOffset? NextRunAt { get; set; }
}
