using Strata.Core.Access;
using Strata.Core.Errors;

namespace Strata.Core.States;

/// <summary>
/// SPEC §10's quota rule: a write by an editor may not take an instance's current state over its space's quota; a
/// write that does not grow the state is always allowed (so a lowered quota never blocks clearing up). Space
/// administrators and distributions are not held to it.
/// </summary>
public static class Quota
{
    public static bool Applies(long? quota, Grants grants) => quota is not null && !grants.SpaceAdmin && !grants.PlatformAdmin;

    /// <summary>The check a state change runs before its swap (given the roots before and after), or null when the quota does not apply.</summary>
    public static Func<Storage.ContentId, Storage.ContentId, CancellationToken, Task>? Vet(long? quota, Grants grants, StateUsage usage) =>
        Applies(quota, grants)
            ? async (before, after, ct) => Check(quota!.Value, await usage.DistinctBytesAsync(before, ct), await usage.DistinctBytesAsync(after, ct))
            : null;

    /// <summary>Refuses when <paramref name="after"/> is over the quota and more than <paramref name="before"/>.</summary>
    public static void Check(long quota, long before, long after)
    {
        if (after > quota && after > before)
            throw Exceeded(quota, before, after);
    }

    public static DomainException Exceeded(long quota, long used, long wouldBe) => new(ErrorCodes.QuotaExceeded,
        $"This instance may hold {Describe(quota)} and holds {Describe(used)}; this change would take it to {Describe(wouldBe)}. " +
        "Delete files you no longer need, or ask a space administrator for a larger quota.",
        new Dictionary<string, object?> { ["quotaBytes"] = quota, ["usedBytes"] = used });

    public static string Describe(long? bytes) => bytes switch
    {
        null => "none",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KB",
        _ => $"{bytes} bytes",
    };
}
