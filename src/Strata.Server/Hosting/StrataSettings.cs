using Strata.Core.Maintenance;
using System.Globalization;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.States;
using Strata.Storage.S3;
using Strata.Storage.States;

namespace Strata.Server.Hosting;

/// <summary>The operator's configuration, read once from the STRATA_* settings of API.md "Server start-up".</summary>
public sealed record StrataSettings
{
    public required string DataDirectory { get; init; }

    public required string DatabaseConnectionString { get; init; }

    /// <summary>STRATA_BLOBS: a folder (as a full path) or an <c>s3://bucket[/prefix]</c> location, which is no path.</summary>
    public required string BlobDirectory { get; init; }

    /// <summary>The data-protection keys that sign cookies and anti-forgery tokens: they must outlive restarts.</summary>
    public string KeysDirectory => Path.Combine(DataDirectory, "keys");

    /// <summary>On PostgreSQL, where several nodes share one platform, the keys live in the database (table shared_keys).</summary>
    public bool KeysInDatabase => Database.ProviderOf(DatabaseConnectionString) == DatabaseProvider.Postgres;

    /// <summary>Where the keys are, as the start-up log says it.</summary>
    public string KeysLocation => KeysInDatabase ? "in the database (table shared_keys), shared by every node" : KeysDirectory;

    public string? PublicUrl { get; init; }

    /// <summary>Served over https: then every response asks for HSTS and every cookie is Secure.</summary>
    public bool PublicUrlIsHttps => PublicUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Reverse proxies whose X-Forwarded-For and -Proto are believed; none by default.</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];

    public string? Smtp { get; init; }

    public string? AdminEmail { get; init; }

    public string? AdminPassword { get; init; }

    public int PasswordIterations { get; init; } = PasswordHasher.DefaultIterations;

    /// <summary>Snapshots (not counting automatic ones) one person may keep per instance.</summary>
    public int SnapshotLimit { get; init; } = 200;

    public string MailFrom { get; init; } = "Strata <strata@localhost>";

    public TimeSpan MailPoll { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan DistributionPoll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each node looks for passed deadlines to collect (API.md: within 60 seconds of dueAt).</summary>
    public TimeSpan DeadlinePoll { get; init; } = TimeSpan.FromSeconds(15);

    public int? SignInLimit { get; init; }

    public int? SignInAddressLimit { get; init; }

    public int? SignInWindowSeconds { get; init; }

    public long StateMaxBytes { get; init; } = StateLimits.DefaultMaxBytes;

    public long StateMaxFiles { get; init; } = StateLimits.DefaultMaxFiles;

    public long? MaxUploadBytes { get; init; }

    /// <summary>Garbage collection: STRATA_GC_GRACE_SECONDS and STRATA_GC_INTERVAL_SECONDS (0 turns the schedule off).</summary>
    public CollectorOptions Collection { get; init; } = new();

    /// <summary>The limits as the core services take them.</summary>
    public ContentLimits Limits => new()
    {
        StateMaxBytes = StateMaxBytes,
        StateMaxFiles = StateMaxFiles,
        MaxUploadBytes = MaxUploadBytes ?? new ContentLimits().MaxUploadBytes,
    };

    public static StrataSettings From(IConfiguration configuration)
    {
        var dataDirectory = Path.GetFullPath(NonEmpty(configuration["STRATA_DATA_DIR"]) ?? "data");
        return new StrataSettings
        {
            DataDirectory = dataDirectory,
            DatabaseConnectionString = DatabaseSetting(configuration) ?? Database.DefaultConnectionString(dataDirectory),
            BlobDirectory = ContentSetting(configuration) ?? Path.Combine(dataDirectory, "content"),
            PublicUrl = NonEmpty(configuration["STRATA_PUBLIC_URL"])?.TrimEnd('/'),
            Smtp = NonEmpty(configuration["STRATA_SMTP"]),
            AdminEmail = NonEmpty(configuration["STRATA_ADMIN_EMAIL"]),
            AdminPassword = NonEmpty(configuration["STRATA_ADMIN_PASSWORD"]),
            PasswordIterations = Whole(configuration, "STRATA_PASSWORD_ITERATIONS", 1000) ?? PasswordHasher.DefaultIterations,
            SnapshotLimit = Whole(configuration, "STRATA_SNAPSHOT_LIMIT", 1) ?? 200,
            MailFrom = NonEmpty(configuration["STRATA_MAIL_FROM"]) ?? "Strata <strata@localhost>",
            MailPoll = TimeSpan.FromMilliseconds(Whole(configuration, "STRATA_MAIL_POLL_MS", 10) ?? 1000),
            DistributionPoll = TimeSpan.FromMilliseconds(Whole(configuration, "STRATA_DISTRIBUTION_POLL_MS", 10) ?? 2000),
            DeadlinePoll = TimeSpan.FromMilliseconds(Whole(configuration, "STRATA_DEADLINE_POLL_MS", 10) ?? 15_000),
            SignInLimit = Whole(configuration, "STRATA_SIGNIN_LIMIT", 1),
            SignInAddressLimit = Whole(configuration, "STRATA_SIGNIN_ADDRESS_LIMIT", 1),
            SignInWindowSeconds = Whole(configuration, "STRATA_SIGNIN_WINDOW_SECONDS", 1),
            StateMaxBytes = Long(configuration, "STRATA_STATE_MAX_BYTES") ?? StateLimits.DefaultMaxBytes,
            StateMaxFiles = Long(configuration, "STRATA_STATE_MAX_FILES") ?? StateLimits.DefaultMaxFiles,
            MaxUploadBytes = Long(configuration, "STRATA_MAX_UPLOAD_BYTES"),
            Collection = new CollectorOptions
            {
                Grace = TimeSpan.FromSeconds(Whole(configuration, "STRATA_GC_GRACE_SECONDS", 0) ?? 86400),
                Interval = TimeSpan.FromSeconds(Whole(configuration, "STRATA_GC_INTERVAL_SECONDS", 0) ?? 86400),
            },
            TrustedProxies = Hosting.TrustedProxies.Parse(configuration[Hosting.TrustedProxies.Variable]),
        };
    }

    /// <summary>STRATA_BLOBS: a folder (made absolute), or an S3 location checked with the AWS settings it needs.</summary>
    private static string? ContentSetting(IConfiguration configuration)
    {
        var value = NonEmpty(configuration["STRATA_BLOBS"]);
        if (value is null)
            return null;
        if (!S3Address.IsS3(value))
            return Path.GetFullPath(value);
        try
        {
            S3Address.Parse(value);
            S3Address.Client(name => configuration[name]).Dispose();
            return value;
        }
        catch (ArgumentException e)
        {
            throw new SettingException($"STRATA_BLOBS must be a folder or s3://bucket[/prefix] with the AWS_* settings: {e.Message}");
        }
    }

    /// <summary>STRATA_DATABASE as given, once it is known to be readable by its provider (never echoed: it may hold a password).</summary>
    private static string? DatabaseSetting(IConfiguration configuration)
    {
        var value = NonEmpty(configuration["STRATA_DATABASE"]);
        if (value is null)
            return null;
        try
        {
            Database.Normalize(value);
            return value;
        }
        catch (ArgumentException e)
        {
            var provider = Database.ProviderOf(value) == DatabaseProvider.Postgres ? "a PostgreSQL URL or connection string" : "a SQLite connection string (Data Source=…)";
            throw new SettingException($"STRATA_DATABASE must be {provider}: {e.Message}");
        }
    }

    /// <summary>A whole-number setting, or null when unset; anything else stops start-up naming the variable.</summary>
    private static int? Whole(IConfiguration configuration, string name, int least)
    {
        var value = NonEmpty(configuration[name]);
        if (value is null)
            return null;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= least
            ? number
            : throw new SettingException($"{name} must be a whole number of at least {least} (got \"{value}\").");
    }

    /// <summary>A positive count of bytes or files, or null when unset; anything else stops start-up naming the variable.</summary>
    private static long? Long(IConfiguration configuration, string name)
    {
        var value = NonEmpty(configuration[name]);
        if (value is null)
            return null;
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw new SettingException($"{name} must be a whole number of at least 1 (got \"{value}\").");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
