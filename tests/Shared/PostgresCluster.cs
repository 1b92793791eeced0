namespace Strata.Tests.Databases;

/// <summary>
/// A PostgreSQL server of one test's own (tests/tools/postgres), for fault tests that stop and start it under a
/// running Strata. Needs Debian's postgresql package, as the PostgreSQL pass of .ci/run has.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-pg-clusters", Guid.NewGuid().ToString("N"));
    private readonly int port = ToolScripts.FreePort();

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
    public Task HaltAsync() => ToolScripts.RunAsync("postgres", "halt", folder);

    public async Task ResumeAsync() =>
        Url = (await ToolScripts.RunAsync("postgres", "start", folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture))).Trim();

    public async ValueTask DisposeAsync() => await ToolScripts.RunAsync("postgres", "stop", folder);
}
