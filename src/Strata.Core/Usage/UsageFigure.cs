using System.Security.Cryptography;
using System.Text;

namespace Strata.Core.Usage;

public enum UsageScope
{
    Space,
    Instance,
    Snapshot,
}

/// <summary>
/// What the last storage count found for one space, instance or snapshot: the bytes it references (each distinct
/// content once; snapshots leave it 0, their size is read from their tree) and the bytes it alone holds. A count
/// replaces every row at once, so a page reads figures of one moment.
/// </summary>
public sealed class UsageFigure
{
    /// <summary>The space's, instance's or snapshot's id.</summary>
    public Guid ScopeId { get; init; }

    public UsageScope Scope { get; init; }

    public Guid SpaceId { get; init; }

    public Guid? InstanceId { get; init; }

    public long ReferencedBytes { get; init; }

    public long HeldAloneBytes { get; init; }

    /// <summary>Instances: <see cref="RootsDigest"/> of the roots counted, to tell whether the instance changed since.</summary>
    public string? Roots { get; init; }

    public DateTimeOffset CountedAt { get; init; }
}

/// <summary>A short digest of an instance's roots (current state, delivery base, snapshots) in any order: equal exactly when the set is.</summary>
public static class RootsDigest
{
    public static string Of(IEnumerable<string> roots)
    {
        var joined = string.Join('\n', roots.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..32];
    }
}
