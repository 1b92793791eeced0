namespace Strata.Cli;

/// <summary>
/// What the CLI touches outside itself: its streams, the folder it runs in, its configuration folder, the variables it
/// reads and how it reaches a server. The process gives the real ones; tests give a server in memory and string writers.
/// </summary>
public sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    TextReader In,
    string CurrentDirectory,
    string ConfigDirectory,
    Func<string, string?> Variable,
    Func<Uri, HttpClient> ConnectTo,
    bool IsTerminal)
{
    public static CliEnvironment FromProcess()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var config = Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config") : xdg, "strata");
        return new CliEnvironment(Console.Out, Console.Error, Console.In, Directory.GetCurrentDirectory(), config, Environment.GetEnvironmentVariable,
            server => new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(30) },
            !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"));
    }
}

/// <summary>A refusal or failure the CLI explains in one sentence (exit code 1), or wrong usage (exit code 2).</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(message, 2);
}
