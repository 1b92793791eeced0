using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Strata.Tests.Databases;

/// <summary>The scripts under tests/tools that start, halt and stop the real servers tests run against.</summary>
internal static class ToolScripts
{
    /// <summary>Runs tests/tools/<paramref name="tool"/>/<paramref name="script"/>; its standard output, or a failure with its errors.</summary>
    public static async Task<string> RunAsync(string tool, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Tool(tool, script), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tests/tools/{tool}/{script} failed: {await errors}");
        return await output;
    }

    /// <summary>The path of tests/tools/<paramref name="tool"/>/<paramref name="file"/>.</summary>
    public static string Tool(string tool, string file) => Path.Combine(Repository(), "tests", "tools", tool, file);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The folder of Strata.sln above the running test.</summary>
    public static string Repository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Strata.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("The repository (Strata.sln) is not above the test's folder.");
    }
}
