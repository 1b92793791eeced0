namespace Strata.Core.Audit;

/// <summary>One change of roles, membership, structure, invitations, snapshots or distributions.</summary>
public sealed class AuditEntry
{
    public const int MaxTargetLength = 2100;

    /// <summary>A distribution to 500 students names them all; past this the detail is cut (PostgreSQL enforces the width, SQLite did not).</summary>
    public const int MaxDetailLength = 4000;

    public long Id { get; init; }

    /// <summary>Null for a change of the platform rather than of one organisation (disabling an account).</summary>
    public Guid? OrgId { get; init; }

    public DateTimeOffset At { get; init; }

    public Guid? ActorId { get; init; }

    /// <summary>The actor's email at the time, kept so the log stays readable after an account goes.</summary>
    public required string Actor { get; init; }

    public required string Action { get; init; }

    public required string Target { get; init; }

    public string Detail { get; init; } = "";
}
