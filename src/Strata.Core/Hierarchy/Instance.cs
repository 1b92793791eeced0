namespace Strata.Core.Hierarchy;

public enum InstanceKind
{
    Regular,
    Master,
    Distributed,
}

public enum InstanceRole
{
    Viewer = 1,
    Editor = 2,
}

public sealed class Instance
{
    public const string MasterSlug = "master";
    public const string DistributedSlug = "distributed";

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid SpaceId { get; init; }

    public Space? Space { get; init; }

    public required string Slug { get; init; }

    public required string Name { get; set; }

    /// <summary>Lower-case name: unique per space.</summary>
    public required string NameKey { get; set; }

    public string Description { get; set; } = "";

    public InstanceKind Kind { get; init; }

    public string CurrentStateDescription { get; set; } = "";

    /// <summary>Set when the last snapshot said no work is expected next.</summary>
    public bool Idle { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Master and Distributed come and go only with their space.</summary>
    public bool IsProtected => Kind != InstanceKind.Regular;
}

public sealed class InstanceMember
{
    public Guid InstanceId { get; init; }

    public Guid UserId { get; init; }

    public InstanceRole Role { get; set; }
}
