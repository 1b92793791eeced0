using System.Diagnostics;

namespace Strata.Server.Tests.Hosting;

/// <summary>API.md: a misconfigured variable stops start-up with one line on stderr naming it, and a non-zero exit code.</summary>
public sealed class MisconfigurationTests
{
    [Theory]
    [InlineData("STRATA_SNAPSHOT_LIMIT", "lots")]
    [InlineData("STRATA_MAIL_POLL_MS", "-5")]
    [InlineData("STRATA_SIGNIN_WINDOW_SECONDS", "0")]
    public async Task ABadSettingStopsTheServerWithOneLineNamingIt(string variable, string value)
    {
        var line = await SingleErrorLineAsync(variable, value);

        Assert.StartsWith($"{variable} must be a whole number", line, StringComparison.Ordinal);
        Assert.Contains(value, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("proxy.internal")]
    [InlineData("192.168.0.0/40")]
    public async Task ABadTrustedProxyStopsTheServerWithOneLineNamingIt(string value)
    {
        var line = await SingleErrorLineAsync("STRATA_TRUSTED_PROXIES", value);

        Assert.StartsWith("STRATA_TRUSTED_PROXIES must list IP addresses or CIDR ranges", line, StringComparison.Ordinal);
        Assert.Contains(value, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://db.example.org", "STRATA_DATABASE must be a PostgreSQL URL or connection string")]
    [InlineData("Host=db.example.org;NoSuchKeyword=1", "STRATA_DATABASE must be a PostgreSQL URL or connection string")]
    [InlineData("Data Source=x.db;NoSuchKeyword=1", "STRATA_DATABASE must be a SQLite connection string")]
    [InlineData("postgres://strata@127.0.0.1:1/strata", "STRATA_DATABASE: the database cannot be used (PostgreSQL database strata on 127.0.0.1:1)")]
    public async Task ADatabaseThatCannotBeUsedStopsTheServerWithOneLineNamingIt(string value, string expected)
    {
        var line = await SingleErrorLineAsync("STRATA_DATABASE", value);

        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContentStoreThatCannotBeUsedStopsTheServerWithOneLineNamingIt()
    {
        var line = await SingleErrorLineAsync("STRATA_BLOBS", "/proc/strata-content");

        Assert.StartsWith("STRATA_BLOBS: the content store cannot be used (/proc/strata-content)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedS3LocationStopsTheServerWithOneLineNamingIt()
    {
        var line = await SingleErrorLineAsync("STRATA_BLOBS", "s3://Not_A_Bucket/strata");

        Assert.StartsWith("STRATA_BLOBS must be s3://bucket, s3://bucket/prefix or a folder: ", line, StringComparison.Ordinal);
    }

    /// <summary>Starts the real server process with one bad variable; it must exit with code 2 and one line on stderr.</summary>
    private static async Task<string> SingleErrorLineAsync(string variable, string value)
    {
        var data = Path.Combine(Path.GetTempPath(), "strata-misconfigured", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["STRATA_DATA_DIR"] = data, [variable] = value },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        _ = await stdout;
        if (Directory.Exists(data))
            Directory.Delete(data, recursive: true);

        Assert.Equal(2, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines);
    }
}
