using Strata.Core.Data;

namespace Strata.Server.Hosting;

/// <summary>The operator's configuration, read once from the STRATA_* settings of API.md "Server start-up".</summary>
public sealed record StrataSettings
{
    public required string DataDirectory { get; init; }

    public required string DatabaseConnectionString { get; init; }

    public required string BlobDirectory { get; init; }

    /// <summary>The data-protection keys that sign cookies and anti-forgery tokens: they must outlive restarts.</summary>
    public string KeysDirectory => Path.Combine(DataDirectory, "keys");

    public string? PublicUrl { get; init; }

    public string? Smtp { get; init; }

    public string? AdminEmail { get; init; }

    public string? AdminPassword { get; init; }

    public static StrataSettings From(IConfiguration configuration)
    {
        var dataDirectory = Path.GetFullPath(NonEmpty(configuration["STRATA_DATA_DIR"]) ?? "data");
        return new StrataSettings
        {
            DataDirectory = dataDirectory,
            DatabaseConnectionString = NonEmpty(configuration["STRATA_DATABASE"]) ?? Database.DefaultConnectionString(dataDirectory),
            BlobDirectory = Path.GetFullPath(NonEmpty(configuration["STRATA_BLOBS"]) ?? Path.Combine(dataDirectory, "content")),
            PublicUrl = NonEmpty(configuration["STRATA_PUBLIC_URL"])?.TrimEnd('/'),
            Smtp = NonEmpty(configuration["STRATA_SMTP"]),
            AdminEmail = NonEmpty(configuration["STRATA_ADMIN_EMAIL"]),
            AdminPassword = NonEmpty(configuration["STRATA_ADMIN_PASSWORD"]),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
