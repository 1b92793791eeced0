namespace Strata.Core.Hierarchy;

public enum SpaceType
{
    Course,
    Research,
    Dataset,
}

public enum SpaceVisibility
{
    Private,
    Faculty,
    Public,
}

public sealed class Space
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OrgId { get; init; }

    public Organisation? Org { get; init; }

    public required string Slug { get; init; }

    public required string Name { get; set; }

    /// <summary>Lower-case name: unique per organisation, so names are unique case-insensitively on every provider.</summary>
    public required string NameKey { get; set; }

    public string Description { get; set; } = "";

    public SpaceType Type { get; init; }

    public SpaceVisibility Visibility { get; set; }

    /// <summary>The most bytes an instance's current state may hold (each distinct content once); null: no quota.</summary>
    public long? InstanceQuotaBytes { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public Guid CreatedBy { get; init; }
}

/// <summary>An explicit space administrator. Organisation managers are administrators of every space implicitly.</summary>
public sealed class SpaceAdmin
{
    public Guid SpaceId { get; init; }

    public Guid UserId { get; init; }
}
