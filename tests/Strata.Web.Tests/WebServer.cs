using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Strata.Web.Tests;

/// <summary>
/// The real server listening on a real port (Kestrel), over a data folder of its own, configured
/// through the same STRATA_* settings an operator uses, so a browser can talk to it.
/// </summary>
public sealed class WebServer : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.org";
    public const string AdminPassword = "admin password";

    public WebServer()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "strata-web-tests", Guid.NewGuid().ToString("N"));

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("STRATA_DATA_DIR", DataDirectory);
        builder.UseSetting("STRATA_ADMIN_EMAIL", AdminEmail);
        builder.UseSetting("STRATA_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("STRATA_PASSWORD_ITERATIONS", "1000");
        builder.UseSetting("STRATA_SIGNIN_LIMIT", "1000");
        builder.UseSetting("STRATA_MAIL_POLL_MS", "100");
        builder.UseSetting("STRATA_DISTRIBUTION_POLL_MS", "200");
        builder.UseSetting("urls", "http://127.0.0.1:0");
    }

    /// <summary>The invitation link in the newest .eml written for an address (the outbox writes them within a moment).</summary>
    public async Task<string> InvitationLinkAsync(string email)
    {
        var folder = Path.Combine(DataDirectory, "mail");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in new DirectoryInfo(folder).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc))
                {
                    var text = await File.ReadAllTextAsync(file.FullName);
                    if (!text.Contains("To: " + email, StringComparison.OrdinalIgnoreCase) && !text.Contains($"<{email}>", StringComparison.OrdinalIgnoreCase))
                        continue;
                    var match = System.Text.RegularExpressions.Regex.Match(text, @"https?://[^\s""<>]+/invitations/[A-Za-z0-9_\-]+");
                    if (match.Success)
                        return match.Value;
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No invitation email for {email} was written.");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }
}
