namespace Strata.Bench.Harness;

/// <summary>What the figures were measured on: cores, memory, the disk holding the work folder.</summary>
public static class Machine
{
    public static string Describe(string workFolder)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim()
            : "unknown";
        var disk = Shell.Capture("df", "-h", "--output=source,fstype,size,avail", workFolder).Trim().Split('\n').LastOrDefault() ?? "";
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory} memory, work disk: {disk.Trim()}, " +
               $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}
