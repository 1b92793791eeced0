using Microsoft.AspNetCore.Hosting;
using Strata.Tests.Databases;

namespace Strata.Server.Tests.Hosting;

/// <summary>What an operator reads in the log at start: where the data lives, and how to leave the development defaults.</summary>
public sealed class StartupLogTests
{
    [Fact]
    public async Task StartupLogNamesTheDataFolderDatabaseAndContentStore()
    {
        await using var app = new StrataApp();
        _ = app.Services; // starts the server

        var report = Assert.Single(app.Log.Messages, m => m.StartsWith("Data folder: ", StringComparison.Ordinal));

        Assert.Contains($"Data folder: {app.DataDirectory}\n", report, StringComparison.Ordinal);
        var database = ScratchDatabase.OnPostgres
            ? $"PostgreSQL database {new Npgsql.NpgsqlConnectionStringBuilder(app.ConnectionString).Database} on 127.0.0.1:"
            : $"SQLite file {Path.Combine(app.DataDirectory, "strata.db")}\n";
        Assert.Contains($"Database: {database}", report, StringComparison.Ordinal);
        Assert.Contains($"Content store: {app.Bucket?.Location ?? Path.Combine(app.DataDirectory, "content")}\n", report, StringComparison.Ordinal);
        Assert.Contains($"Data-protection keys: {Keys(app)}", report, StringComparison.Ordinal);
        Assert.True(Path.IsPathFullyQualified(app.DataDirectory));
    }

    [Fact]
    public async Task DevelopmentDefaultsLogHowToRunInProduction()
    {
        await using var app = new StrataApp(); // the test host runs as Development, without STRATA_PUBLIC_URL or STRATA_SMTP
        _ = app.Services;

        var hint = Assert.Single(app.Log.Messages, m => m.StartsWith("To run Strata in production", StringComparison.Ordinal));

        Assert.Contains("ASPNETCORE_ENVIRONMENT=Production", hint, StringComparison.Ordinal);
        Assert.Contains("STRATA_PUBLIC_URL", hint, StringComparison.Ordinal);
        Assert.Contains("STRATA_SMTP", hint, StringComparison.Ordinal);
        Assert.Contains(Keys(app), hint, StringComparison.Ordinal);
        Assert.Contains("back them up", hint, StringComparison.Ordinal);
        Assert.Contains("Now: environment Development; STRATA_PUBLIC_URL is not set; STRATA_SMTP is not set.", hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionSettingsLogTheFoldersButNoHint()
    {
        await using var app = new StrataApp();
        await using var production = app.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("STRATA_PUBLIC_URL", "https://strata.example.org"));
        _ = production.Services;

        Assert.Single(app.Log.Messages, m => m.StartsWith("Data folder: ", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Log.Messages, m => m.Contains("in production", StringComparison.Ordinal));
    }

    /// <summary>The data folder's keys/ on SQLite; on PostgreSQL every node shares them in the database.</summary>
    private static string Keys(StrataApp app) =>
        ScratchDatabase.OnPostgres ? "in the database (table shared_keys)" : Path.Combine(app.DataDirectory, "keys");
}
