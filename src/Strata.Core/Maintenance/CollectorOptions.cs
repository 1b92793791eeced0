namespace Strata.Core.Maintenance;

/// <summary>How garbage collection runs (API.md "Server start-up": STRATA_GC_GRACE_SECONDS, STRATA_GC_INTERVAL_SECONDS).</summary>
public sealed record CollectorOptions
{
    /// <summary>Objects written more recently than this are not taken, whatever the mark says: a saving (writes in flight rarely meet the trash), not a safety condition.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How often a collection is queued on its own; zero or less turns the schedule off.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long a write intent lives: a change that has not committed by then is refused, so the collector never waits on one for longer.</summary>
    public TimeSpan IntentLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How far the clocks of two nodes may disagree: a root dropped up to this long before the oldest change in flight
    /// began is still marked from (one node stamps the change, another the drop). NTP keeps nodes within milliseconds.
    /// </summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a collection waits, after its sweep, for the changes that were in flight to end before it purges; past it, the purge waits for a later run.</summary>
    public TimeSpan IntentWait { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Pieces of uploads that died (under <c>tmp/</c>) older than this are deleted.</summary>
    public TimeSpan TemporaryAge { get; init; } = TimeSpan.FromDays(1);
}
