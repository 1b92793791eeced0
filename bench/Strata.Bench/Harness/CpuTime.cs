using System.Globalization;

namespace Strata.Bench.Harness;

/// <summary>CPU time from /proc: of one process (all its threads), and of the whole machine, to tell what a load's cores went to.</summary>
public static class CpuTime
{
    /// <summary>USER_HZ, the unit of /proc's tick counts: 100 on every Linux the bench runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU (user + system) the process has used so far; 0 when it is gone or /proc is not there.</summary>
    public static double Seconds(int pid)
    {
        var fields = StatFields(pid);
        // After the command's closing parenthesis: state (field 3), …, utime (14), stime (15).
        return fields is null || fields.Length < 13 ? 0 : (Parse(fields[11]) + Parse(fields[12])) / TicksPerSecond;
    }

    /// <summary>The processes whose parent is <paramref name="pid"/> (nginx's workers).</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var children = new List<int>();
        if (!Directory.Exists("/proc"))
            return children;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && StatFields(child) is { Length: > 1 } fields && fields[1] == pid.ToString(CultureInfo.InvariantCulture))
                children.Add(child);
        }
        return children;
    }

    /// <summary>Busy and total seconds of all cores since boot (/proc/stat); busy is everything but idle and iowait.</summary>
    public static (double Busy, double Total) Machine()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(Parse).ToArray();
            var total = values.Sum();
            return ((total - values[3] - values[4]) / TicksPerSecond, total / TicksPerSecond);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double Parse(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
