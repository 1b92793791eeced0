namespace Strata.Core.Sync;

/// <summary>
/// Content a person uploaded by its hash for an instance (SPEC §11), not yet in any of its states: what a batch of
/// changes from that person to that instance may reference besides what the instance's states already hold. Rows
/// live a day; the collector keeps their blobs until then (docs/storage.md, "Garbage collection").
/// </summary>
public sealed class StagedContent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid InstanceId { get; init; }

    public Guid UserId { get; init; }

    public string Hash { get; init; } = "";

    public long Size { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
