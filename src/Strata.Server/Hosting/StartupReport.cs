using Microsoft.Data.Sqlite;
using Strata.Core.Data;

namespace Strata.Server.Hosting;

/// <summary>
/// Logs, before anything else starts, which data folder, database and content store this server uses
/// (so an operator who started it from an unexpected folder sees it at once), and, while it runs on the
/// development defaults, what to set for production.
/// </summary>
public sealed class StartupReport(StrataSettings settings, IHostEnvironment environment, ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Data folder: {DataDirectory}\nDatabase: {Database}\nContent store: {ContentStore}\nData-protection keys: {KeysDirectory}",
            settings.DataDirectory, DescribeDatabase(settings.DatabaseConnectionString), settings.BlobDirectory, settings.KeysLocation);

        // Only the environment and the public URL make a server a development one: without STRATA_SMTP a
        // single machine still works (mail goes to .eml files and its links to the log), so that alone is no reason.
        if (environment.IsDevelopment() || settings.PublicUrl is null)
        {
            logger.LogInformation(
                "To run Strata in production:\n"
                + "  ASPNETCORE_ENVIRONMENT=Production\n"
                + "  STRATA_PUBLIC_URL=https://… the address people open; links in emails start with it\n"
                + "  STRATA_SMTP=smtp://user:pass@host:port to send mail instead of writing .eml files\n"
                + "  The data-protection keys ({KeysLocation}) sign everyone's sign-in: keep them and back them up with the "
                + "data folder or database, or people are signed out.\n"
                + "Now: {Defaults}.",
                settings.KeysLocation, string.Join("; ", DevelopmentDefaults()));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private List<string> DevelopmentDefaults()
    {
        var defaults = new List<string> { $"environment {environment.EnvironmentName}" };
        if (settings.PublicUrl is null)
            defaults.Add("STRATA_PUBLIC_URL is not set");
        if (settings.Smtp is null)
            defaults.Add("STRATA_SMTP is not set");
        return defaults;
    }

    /// <summary>Where the database is, never the whole connection string: it may hold a password.</summary>
    public static string DescribeDatabase(string connectionString)
    {
        if (Database.ProviderOf(connectionString) == DatabaseProvider.Postgres)
        {
            var postgres = new Npgsql.NpgsqlConnectionStringBuilder(Database.Normalize(connectionString));
            return $"PostgreSQL database {postgres.Database} on {postgres.Host}:{postgres.Port}";
        }
        try
        {
            var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
            return dataSource is "" or ":memory:" ? "SQLite in memory" : $"SQLite file {Path.GetFullPath(dataSource)}";
        }
        catch (ArgumentException)
        {
            return "as STRATA_DATABASE says (not shown: it may hold a password)";
        }
    }
}
