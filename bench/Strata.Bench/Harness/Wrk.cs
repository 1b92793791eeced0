using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Bench.Harness;

/// <summary>What one wrk run measured, parsed from its printed report.</summary>
public sealed record WrkResult(double Rate, double P50, double P99, long Requests, long SocketErrors, long Non2xx, double Seconds, double CpuSeconds, string Output)
{
    public long Errors => SocketErrors + Non2xx;

    public string Summary => $"{Rate:0} req/s, p50 {Stats.Number(P50)} ms, p99 {Stats.Number(P99)} ms, {Errors} errors";
}

/// <summary>
/// Debian's wrk as the load generator: a fixed number of connections that each send their next request as soon as the
/// answer arrives, with a Lua script choosing the requests and counting every answer that is not 2xx.
/// </summary>
public static partial class Wrk
{
    public static bool Installed => Shell.Has("wrk");

    /// <summary>
    /// Writes the script: every request carries <paramref name="token"/> as a bearer token (when given), and each connection's
    /// requests alternate between a random listing and a random download; done() prints "non2xx N" over all threads.
    /// </summary>
    public static void WriteScript(string path, string? token, IEnumerable<string> listings, IEnumerable<string> downloads)
    {
        static string Table(IEnumerable<string> urls) => "{\n" + string.Concat(urls.Select(u => $"  \"{u.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\",\n")) + "}";
        var script = new StringBuilder();
        script.AppendLine("-- Written by Strata.Bench (serve): half listings, half small downloads; non-2xx answers counted.");
        script.AppendLine($"local listings = {Table(listings)}");
        script.AppendLine($"local downloads = {Table(downloads)}");
        if (token is not null)
            script.AppendLine($"wrk.headers[\"Authorization\"] = \"Bearer {token}\"");
        script.AppendLine("""
            local threads = {}
            function setup(thread)
              table.insert(threads, thread)
              thread:set("id", #threads)
            end
            sent = 0
            non2xx = 0
            function init(args)
              math.randomseed(7919 * id)
            end
            function request()
              sent = sent + 1
              if sent % 2 == 0 then
                return wrk.format(nil, listings[math.random(#listings)])
              end
              return wrk.format(nil, downloads[math.random(#downloads)])
            end
            function response(status, headers, body)
              if status < 200 or status > 299 then
                non2xx = non2xx + 1
              end
            end
            function done(summary, latency, requests)
              local total = 0
              for _, thread in ipairs(threads) do
                total = total + thread:get("non2xx")
              end
              io.write(string.format("non2xx %d\n", total))
            end
            """);
        File.WriteAllText(path, script.ToString());
    }

    /// <summary>Runs wrk with <c>--latency</c> against <paramref name="baseAddress"/>, sampling its own CPU time while it runs.</summary>
    public static async Task<WrkResult> RunAsync(Uri baseAddress, string script, int connections, int threads, TimeSpan duration)
    {
        var start = new ProcessStartInfo("wrk",
            ["-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
             "-d", $"{duration.TotalSeconds:0}s", "--timeout", "10s", "--latency", "-s", script, baseAddress.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var cpu = 0.0;
        while (!process.HasExited)
        {
            // The last sample before it exits: wrk is done with the load by then, only printing is left.
            cpu = Math.Max(cpu, CpuTime.Seconds(process.Id));
            await Task.Delay(50);
        }
        await process.WaitForExitAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        var text = await output;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {await error}{text}");
        return Parse(text, seconds, cpu);
    }

    /// <summary>Requests/sec, the 50% and 99% lines of the latency distribution, socket errors, and the script's non2xx count.</summary>
    public static WrkResult Parse(string output, double seconds, double cpuSeconds)
    {
        double Percentile(string which)
        {
            var match = Regex.Match(output, $@"^\s*{which}%\s+([\d.]+)(us|ms|s|m|h)\s*$", RegexOptions.Multiline);
            if (!match.Success)
                throw new InvalidOperationException($"wrk printed no {which}% latency:\n{output}");
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "us" => value / 1000,
                "ms" => value,
                "s" => value * 1000,
                "m" => value * 60_000,
                _ => value * 3_600_000,
            };
        }

        var rate = RatePattern().Match(output) is { Success: true } r ? double.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"wrk printed no Requests/sec:\n{output}");
        var requests = RequestsPattern().Match(output) is { Success: true } q ? long.Parse(q.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketPattern().Match(output) is { Success: true } s
            ? Enumerable.Range(1, 4).Sum(i => long.Parse(s.Groups[i].Value, CultureInfo.InvariantCulture))
            : 0;
        // The script counts every answer outside 2xx; wrk's own line counts only 4xx and 5xx. Take the larger.
        var non2xx = Math.Max(
            Non2xxPattern().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            WrkStatusPattern().Match(output) is { Success: true } w ? long.Parse(w.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        return new WrkResult(rate, Percentile("50"), Percentile("99"), requests, socket, non2xx, seconds, cpuSeconds, output);
    }

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"^\s*(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsPattern();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketPattern();

    [GeneratedRegex(@"^non2xx (\d+)", RegexOptions.Multiline)]
    private static partial Regex Non2xxPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex WrkStatusPattern();
}
