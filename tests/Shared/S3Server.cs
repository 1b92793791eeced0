using Strata.Storage.S3;

namespace Strata.Tests.Databases;

/// <summary>
/// An S3-protocol server of one test's own (tests/tools/s3: s3rver) with one bucket, for fault tests that stop the
/// server process and start it again under a running Strata. Needs the npm packages of tests/tools/s3, which the
/// S3 passes of .ci/run install (STRATA_TEST_S3 is set then).
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-s3-servers", Guid.NewGuid().ToString("N"));
    private readonly int port = ToolScripts.FreePort();

    private S3Server()
    {
    }

    public string Endpoint { get; private set; } = "";

    public string Bucket { get; } = "strata-" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>STRATA_BLOBS and the AWS_* settings a server needs for content in this server's bucket.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["STRATA_BLOBS"] = $"s3://{Bucket}/content",
        ["AWS_ENDPOINT_URL_S3"] = Endpoint,
        ["AWS_ACCESS_KEY_ID"] = ScratchBucket.Credential,
        ["AWS_SECRET_ACCESS_KEY"] = ScratchBucket.Credential,
    };

    public static async Task<S3Server> StartAsync()
    {
        var server = new S3Server();
        await server.ResumeAsync();
        using var client = S3Address.Client(name => server.Settings.TryGetValue(name, out var value) ? value : null);
        await client.PutBucketAsync(server.Bucket);
        return server;
    }

    /// <summary>Kills the server process, keeping its objects: requests fail until <see cref="ResumeAsync"/>.</summary>
    public Task HaltAsync() => ToolScripts.RunAsync("s3", "halt", folder);

    public async Task ResumeAsync() =>
        Endpoint = (await ToolScripts.RunAsync("s3", "start", folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture))).Trim();

    public async ValueTask DisposeAsync() => await ToolScripts.RunAsync("s3", "stop", folder);
}
