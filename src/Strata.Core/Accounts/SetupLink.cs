namespace Strata.Core.Accounts;

/// <summary>
/// A first-run setup link a node printed: only the hash of its secret is kept, in the database, so the link works
/// on whichever node receives it. All go once the first administrator exists.
/// </summary>
public sealed class SetupLink
{
    public Guid Id { get; set; }

    public required string SecretHash { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
}
