using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Strata.Server.Tests.Nodes;

/// <summary>
/// One real server process (this build of Strata.Server) over a shared database and content store, with a data
/// folder of its own — a node as an operator runs it. Killed with SIGKILL, as a crashed machine would be.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@nodes.example";
    public const string AdminPassword = "nodes password";

    private readonly Process process;
    private readonly string dataFolder;

    private NodeProcess(Process process, string dataFolder, Uri baseAddress)
    {
        this.process = process;
        this.dataFolder = dataFolder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<NodeProcess> StartAsync(string database, string blobs, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "strata-node", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["STRATA_DATA_DIR"] = dataFolder,
                ["STRATA_DATABASE"] = database,
                ["STRATA_BLOBS"] = blobs,
                ["STRATA_ADMIN_EMAIL"] = AdminEmail,
                ["STRATA_ADMIN_PASSWORD"] = AdminPassword,
                ["STRATA_PASSWORD_ITERATIONS"] = "1000",
                ["STRATA_DISTRIBUTION_POLL_MS"] = "250",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, dataFolder, new Uri($"http://127.0.0.1:{port}/"));
        await node.WaitUntilReadyAsync();
        return node;
    }

    /// <summary>A client of this node with the administrator's token (made on any node: tokens are rows).</summary>
    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> CreateTokenAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        using var response = await anonymous.PostAsJsonAsync("api/v1/auth/tokens", new { email = AdminEmail, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>SIGKILL: no shutdown, no lease given back.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        Directory.Delete(dataFolder, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The node exited with {process.ExitCode} before it was ready.");
            try
            {
                using var response = await probe.GetAsync("readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The node was not ready within 90 seconds.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
