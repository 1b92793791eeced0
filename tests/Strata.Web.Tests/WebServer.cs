using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;

namespace Strata.Web.Tests;

/// <summary>
/// The real server listening on a real port (Kestrel), over a data folder of its own, configured
/// through the same STRATA_* settings an operator uses, so a browser can talk to it.
/// </summary>
public sealed partial class WebServer : WebApplicationFactory<Program>
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
        builder.UseSetting("STRATA_DEADLINE_POLL_MS", "200");
        builder.UseSetting("STRATA_GC_GRACE_SECONDS", "0"); // a collection started in a test may take what the test just made unreachable
        builder.UseSetting("urls", "http://127.0.0.1:0");
    }

    /// <summary>
    /// The text of every message the server queued for an address, oldest first: the outbox row commits with
    /// the change that queued it, so it is there when the page or API call returned (no waiting on the sender).
    /// </summary>
    public async Task<IReadOnlyList<string>> MailAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
        var messages = await db.Outbox.AsNoTracking().Select(m => new { m.Id, m.To, m.CreatedAt, m.TextBody }).ToListAsync();
        return [.. messages.Where(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => m.TextBody)];
    }

    /// <summary>The newest link in the mail to an address that matches <paramref name="link"/>.</summary>
    public async Task<string> LinkAsync(string email, Regex link) =>
        (await MailAsync(email)).Select(text => link.Match(text)).LastOrDefault(m => m.Success)?.Value
            ?? throw new InvalidOperationException($"No mail to {email} holds a link like {link}.");

    /// <summary>The invitation link in the newest mail to an address.</summary>
    public Task<string> InvitationLinkAsync(string email) => LinkAsync(email, InvitationLink());

    [GeneratedRegex(@"https?://[^\s""<>]+/invitations/[A-Za-z0-9_\-]+")]
    private static partial Regex InvitationLink();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }
}
