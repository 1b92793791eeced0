namespace Strata.Core.Accounts;

/// <summary>
/// Counts events per key over a sliding window, in memory. Not thread-safe: the owner holds one lock
/// across a check and the write that follows it, so parallel requests cannot all pass the same check.
/// Keys whose events have all left the window are dropped once per window, which bounds memory by
/// the events of one window.
/// </summary>
internal sealed class SlidingWindow(TimeSpan window, int keepPerKey)
{
    private readonly Dictionary<string, List<DateTimeOffset>> events = new(StringComparer.Ordinal);
    private DateTimeOffset lastSweep = DateTimeOffset.MinValue;

    public TimeSpan Window => window;

    public int Count(string key, DateTimeOffset now) => Live(key, now)?.Count ?? 0;

    /// <summary>How long until fewer than <paramref name="threshold"/> events remain in the window.</summary>
    public TimeSpan Until(string key, int threshold, DateTimeOffset now)
    {
        var live = Live(key, now);
        if (live is null || live.Count < threshold)
            return TimeSpan.Zero;
        return live[live.Count - threshold] + window - now;
    }

    public void Add(string key, DateTimeOffset at)
    {
        if (at - lastSweep > window)
            Sweep(at);
        if (!events.TryGetValue(key, out var list))
            events[key] = list = [];
        list.Add(at);
        // Only the newest events can decide a limit; older ones would only cost memory.
        if (list.Count > keepPerKey)
            list.RemoveAt(0);
    }

    /// <summary>Takes back one event recorded at <paramref name="at"/> (an attempt that turned out not to count).</summary>
    public void Remove(string key, DateTimeOffset at)
    {
        if (events.TryGetValue(key, out var list))
        {
            var index = list.LastIndexOf(at);
            if (index >= 0)
                list.RemoveAt(index);
            if (list.Count == 0)
                events.Remove(key);
        }
    }

    private List<DateTimeOffset>? Live(string key, DateTimeOffset now)
    {
        if (!events.TryGetValue(key, out var list))
            return null;
        list.RemoveAll(at => at <= now - window);
        if (list.Count > 0)
            return list;
        events.Remove(key);
        return null;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var key in events.Keys.ToList())
            Live(key, now);
        lastSweep = now;
    }
}
