using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Strata.Tests.Databases;

namespace Strata.Server.Tests;

/// <summary>
/// The real server over a data folder of its own (deleted on dispose), configured through the same
/// STRATA_* settings an operator uses. One per test.
/// </summary>
public sealed partial class StrataApp(
    string? adminEmail = StrataApp.AdminEmail,
    string? adminPassword = StrataApp.AdminPassword,
    int signInLimit = 1000,
    int signInWindowSeconds = 60,
    int? snapshotLimit = null,
    string? database = null,
    IReadOnlyDictionary<string, string>? content = null,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "admin password";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "strata-server-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The app's database: SQLite in its data folder, or a PostgreSQL database of its own (<see cref="ScratchDatabase"/>).</summary>
    public string ConnectionString => connectionString ??= database ?? ScratchDatabase.Create(DataDirectory);

    private string? connectionString;

    /// <summary>The app's bucket in the PostgreSQL + S3 pass; null when its content is a folder in its data folder or where <c>content</c> says.</summary>
    public ScratchBucket? Bucket { get; } = content is null ? ScratchBucket.CreateIfInUse() : null;

    public CapturedLog Log { get; } = new();

    /// <summary>
    /// An app behind a real Kestrel on a free port: for what the in-memory test server does not do, such as
    /// request line limits and the raw request target. Its clients talk over the socket.
    /// </summary>
    public static StrataApp OnKestrel(int? snapshotLimit = null)
    {
        var app = new StrataApp(snapshotLimit: snapshotLimit);
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    /// <summary>An app with no administrator in its settings, so it prints a setup link.</summary>
    public static StrataApp WithoutAdministrator() => new(adminEmail: null, adminPassword: null);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("STRATA_DATA_DIR", DataDirectory);
        if (ScratchDatabase.OnPostgres || database is not null)
            builder.UseSetting("STRATA_DATABASE", ConnectionString);
        if (Bucket is not null)
        {
            builder.UseSetting("STRATA_BLOBS", Bucket.Location);
            foreach (var (name, value) in Bucket.Settings)
                builder.UseSetting(name, value);
        }
        foreach (var (name, value) in content ?? new Dictionary<string, string>())
            builder.UseSetting(name, value);
        builder.UseSetting("STRATA_ADMIN_EMAIL", adminEmail ?? "");
        builder.UseSetting("STRATA_ADMIN_PASSWORD", adminPassword ?? "");
        // Fewer PBKDF2 rounds keep the suite fast; the scheme is the same.
        builder.UseSetting("STRATA_PASSWORD_ITERATIONS", "1000");
        builder.UseSetting("STRATA_SIGNIN_LIMIT", signInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("STRATA_SIGNIN_WINDOW_SECONDS", signInWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (snapshotLimit is { } limit)
            builder.UseSetting("STRATA_SNAPSHOT_LIMIT", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            builder.UseSetting(name, value);
        if (services is not null)
            builder.ConfigureTestServices(services);
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them, like a browser under test.</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient ClientWithToken(string token) =>
        CreateDefaultClient(new BearerHandler(token));

    public async Task<CreatedToken> CreateTokenAsync(string email = AdminEmail, string password = AdminPassword, string? name = null)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email, password, name });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedToken>())!;
    }

    public async Task<HttpClient> AdminClientAsync() => ClientWithToken((await CreateTokenAsync()).Token);

    /// <summary>The one-time setup secret, read from the link the server logs for the operator.</summary>
    public async Task<string> SetupSecretAsync()
    {
        _ = Services; // starts the server
        var announced = await Log.FirstAsync(message => SetupLink().IsMatch(message), TimeSpan.FromSeconds(10));
        return SetupLink().Match(announced).Groups[1].Value;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Pooled connections keep the database open; release this app's pool (and drop a PostgreSQL database).
        if (database is null)
            ScratchDatabase.Drop(ConnectionString);
        Bucket?.Dispose();
        if (Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }

    [GeneratedRegex(@"/setup/(setup_[A-Za-z0-9_-]+)")]
    private static partial Regex SetupLink();

    public sealed record CreatedToken(Guid Id, string Token);

    private sealed class BearerHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
