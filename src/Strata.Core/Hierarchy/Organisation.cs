namespace Strata.Core.Hierarchy;

public sealed class Organisation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Slug { get; init; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}

public enum OrgRole
{
    Member = 1,
    Faculty = 2,
    Manager = 3,
}

/// <summary>An explicit organisation role. Anyone with a role in one of its spaces is a member implicitly.</summary>
public sealed class OrgMember
{
    public Guid OrgId { get; init; }

    public Guid UserId { get; init; }

    public OrgRole Role { get; set; }
}
