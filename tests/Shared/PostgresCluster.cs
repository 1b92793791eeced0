using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Strata.Tests.Databases;

/// <summary>
/// A PostgreSQL server of one test's own (tests/tools/postgres), for fault tests that stop and start it under a
/// running Strata. Needs Debian's postgresql package, as the PostgreSQL pass of .ci/run has.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-pg-clusters", Guid.NewGuid().ToString("N"));
    private readonly int port = FreePort();

    private PostgresCluster()
    {
    }

    /// <summary>The URL of its maintenance database.</summary>
    public string Url { get; private set; } = "";

    public static async Task<PostgresCluster> StartAsync()
    {
        var cluster = new PostgresCluster();
        await cluster.ResumeAsync();
        return cluster;
    }

    /// <summary>Stops the server, keeping its data: connections fail until <see cref="ResumeAsync"/>.</summary>
    public Task HaltAsync() => RunAsync("halt", folder);

    public async Task ResumeAsync() =>
        Url = (await RunAsync("start", folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture))).Trim();

    public async ValueTask DisposeAsync() => await RunAsync("stop", folder);

    private static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Repository(), "tests", "tools", "postgres", script), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tests/tools/postgres/{script} failed: {await errors}");
        return await output;
    }

    private static string Repository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Strata.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("The repository (Strata.sln) is not above the test's folder.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
