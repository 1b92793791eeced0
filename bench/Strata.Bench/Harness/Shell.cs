using System.Diagnostics;

namespace Strata.Bench.Harness;

/// <summary>Runs the baselines' commands (git, cp, rsync) and times them.</summary>
public static class Shell
{
    public static bool Has(string program) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));

    /// <summary>Runs a command through bash in a folder; throws with its output when it fails. Returns the elapsed milliseconds.</summary>
    public static double Time(string workingDirectory, string script)
    {
        var watch = Stopwatch.StartNew();
        Run(workingDirectory, script);
        return watch.Elapsed.TotalMilliseconds;
    }

    public static void Run(string workingDirectory, string script) => Output(workingDirectory, script);

    /// <summary>Runs a command through bash in a folder and returns what it printed; throws with its output when it fails.</summary>
    public static string Output(string workingDirectory, string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{script}` failed ({process.ExitCode}): {error}{output.Result}");
        return output.Result;
    }

    public static string Capture(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    /// <summary>Drops the page cache when allowed (root), so copies read from disk like a cold run; harmless otherwise.</summary>
    public static void FlushCaches()
    {
        try
        {
            Run("/", "sync");
        }
        catch (InvalidOperationException)
        {
            // Not fatal: figures are then warm-cache figures, for both sides alike.
        }
    }

    public static long FolderBytes(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
