using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Strata.Bench.Harness;

/// <summary>
/// The real server as a child process (Release build of src/Strata.Server) over a data folder of its
/// own, with an administrator token and its resident memory sampled from /proc while it runs.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly CancellationTokenSource sampling = new();
    private readonly Task sampler;
    private long peakRssKb;

    private ServerProcess(Process process, string dataFolder, Uri baseAddress)
    {
        this.process = process;
        DataFolder = dataFolder;
        BaseAddress = baseAddress;
        sampler = Task.Run(SampleAsync);
    }

    public string DataFolder { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; private set; } = null!;

    public int Pid => process.Id;

    /// <summary>Its PostgreSQL database (dropped with it unless it joined another node's); null on SQLite (a file in its data folder).</summary>
    private string? Database { get; init; }

    /// <summary>Its bucket on S3 (removed with it unless it joined another node's), or the content folder it joined; null when its content is in its data folder.</summary>
    private string? Content { get; init; }

    /// <summary>Its database's connection string on PostgreSQL; null on SQLite.</summary>
    public string? DatabaseConnection => Database;

    /// <summary>STRATA_BLOBS of this node: a bucket location or a folder.</summary>
    public string ContentLocation => Content ?? Path.Combine(DataFolder, "content");

    /// <summary>True when this node serves another node's database and content, which outlive it.</summary>
    private bool Joined { get; init; }

    /// <summary>
    /// A server over a database and content of its own, or — with <paramref name="join"/> — one more node of the same
    /// installation: the first node's PostgreSQL database and content store, a data folder of its own.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string repository, string dataFolder, ServerProcess? join = null)
    {
        if (join is not null && join.Database is null)
            throw new InvalidOperationException("Several nodes need a shared database: run the bench with --database postgres.");
        var dll = Path.Combine(repository, "src", "Strata.Server", "bin", "Release", "net10.0", "Strata.Server.dll");
        if (!File.Exists(dll))
            Shell.Run(repository, "dotnet build -c Release src/Strata.Server -v q");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataFolder,
        };
        Directory.CreateDirectory(dataFolder);
        start.Environment["STRATA_DATA_DIR"] = dataFolder;
        string? content = null;
        if (join is not null)
            start.Environment["STRATA_BLOBS"] = content = join.Content ?? Path.Combine(join.DataFolder, "content");
        else if (BenchContent.OnS3)
            start.Environment["STRATA_BLOBS"] = content = BenchContent.Create(dataFolder);
        foreach (var (name, value) in BenchContent.Settings)
            start.Environment[name] = value;
        string? database = null;
        if (join is not null)
            start.Environment["STRATA_DATABASE"] = database = join.Database;
        else if (BenchDatabase.Provider == Strata.Core.Data.DatabaseProvider.Postgres)
            start.Environment["STRATA_DATABASE"] = database = BenchDatabase.Create(dataFolder);
        start.Environment["STRATA_ADMIN_EMAIL"] = "admin@bench.example";
        start.Environment["STRATA_ADMIN_PASSWORD"] = "bench password";
        start.Environment["STRATA_PASSWORD_ITERATIONS"] = "1000";
        start.Environment["STRATA_SIGNIN_LIMIT"] = "100000";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, dataFolder, new Uri($"http://127.0.0.1:{port}/")) { Database = database, Content = content, Joined = join is not null };
        await server.WaitUntilHealthyAsync();
        await server.SignInAsync();
        return server;
    }

    /// <summary>Resident memory now, and the most the samples saw since the last reset.</summary>
    public long RssBytes => ReadStatus("VmRSS") * 1024;

    public long PeakRssBytes => Math.Max(Interlocked.Read(ref peakRssKb), ReadStatus("VmRSS")) * 1024;

    public void ResetPeak() => Interlocked.Exchange(ref peakRssKb, ReadStatus("VmRSS"));

    public async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync("api/v1/" + path, body);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress };
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The server exited with {process.ExitCode} before it was healthy.");
            try
            {
                if ((await probe.GetAsync("healthz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The server did not become healthy within 30 seconds.");
    }

    private async Task SignInAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        using var response = await anonymous.PostAsJsonAsync("api/v1/auth/tokens", new { email = "admin@bench.example", password = "bench password", name = "bench" });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private async Task SampleAsync()
    {
        while (!sampling.IsCancellationRequested)
        {
            var rss = ReadStatus("VmRSS");
            long seen;
            do
            {
                seen = Interlocked.Read(ref peakRssKb);
            }
            while (rss > seen && Interlocked.CompareExchange(ref peakRssKb, rss, seen) != seen);
            try
            {
                await Task.Delay(20, sampling.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private long ReadStatus(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await sampling.CancelAsync();
        await sampler;
        sampling.Dispose();
        Client?.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        if (Database is not null && !Joined)
            BenchDatabase.Drop(Database);
        if (Content is not null && !Joined)
            BenchContent.Drop(Content);
        Directory.Delete(DataFolder, recursive: true);
    }
}
