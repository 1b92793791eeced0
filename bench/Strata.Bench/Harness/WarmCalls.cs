using System.Diagnostics;

namespace Strata.Bench.Harness;

/// <summary>Times a request as a user meets it: one cold call, then warm ones one after the other.</summary>
public static class WarmCalls
{
    /// <summary>The cold call's ms, the <paramref name="runs"/> warm ones', their p95 (nearest rank), and the last result.</summary>
    public static async Task<(double First, Stats Warm, double P95, int Result)> TimeAsync(int runs, Func<Task<int>> call)
    {
        var watch = Stopwatch.StartNew();
        var result = await call();
        var first = watch.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            watch.Restart();
            result = await call();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var sorted = times.Order().ToArray();
        return (first, Stats.Of(times), sorted[(int)Math.Ceiling(sorted.Length * 0.95) - 1], result);
    }
}
