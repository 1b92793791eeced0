using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using MimeKit;

namespace Strata.Server.Tests.Mail;

/// <summary>Invitations delivered over SMTP to a real server process (tests/tools/smtp-sink, installed by .ci/run).</summary>
public sealed partial class SmtpDeliveryTests
{
    [Fact]
    public async Task InvitationArrivesOverSmtpAndItsLinkAcceptsIt()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = new StrataApp();
        await using var configured = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("STRATA_SMTP", $"smtp://127.0.0.1:{sink.Port}");
            builder.UseSetting("STRATA_PUBLIC_URL", "https://strata.example.edu");
            builder.UseSetting("STRATA_MAIL_POLL_MS", "100");
        });
        using var admin = configured.CreateDefaultClient();
        using var tokenResponse = await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = StrataApp.AdminPassword });
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "joint", name = "Group A", emails = new List<string> { "bob@uni.edu" }, role = "viewer" })).EnsureSuccessStatusCode();

        var message = await sink.WaitForMessageAsync();

        Assert.Equal("bob@uni.edu", message.To.Mailboxes.Single().Address);
        Assert.IsType<MultipartAlternative>(message.Body);
        var token = Link().Match(message.TextBody ?? "").Groups[1].Value;
        Assert.NotEmpty(token);
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "mail")), "SMTP was configured; no .eml fallback expected.");

        using var anonymous = configured.CreateClient();
        using var accepted = await anonymous.PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { name = "Bob", password = "bob password" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var grants = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("viewer", grants.GetProperty("grants")[0].GetProperty("role").GetString());
        Assert.Equal("group_a", grants.GetProperty("grants")[0].GetProperty("instance").GetString());
    }

    [GeneratedRegex(@"https://strata\.example\.edu/invitations/(inv_[A-Za-z0-9_-]+)")]
    private static partial Regex Link();

    private sealed class SmtpSink : IAsyncDisposable
    {
        private readonly Process process;
        private readonly string folder;

        private SmtpSink(Process process, string folder, int port) => (this.process, this.folder, Port) = (process, folder, port);

        public int Port { get; }

        public static async Task<SmtpSink> StartAsync()
        {
            var script = Strata.Tests.Databases.ToolScripts.Tool("smtp-sink", "server.js");
            if (!Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "smtp-server")))
                throw new InvalidOperationException("The SMTP sink is not installed: run 'npm ci' in tests/tools/smtp-sink (.ci/run does).");
            var port = Strata.Tests.Databases.ToolScripts.FreePort();
            var folder = Path.Combine(Path.GetTempPath(), "strata-smtp-sink", Guid.NewGuid().ToString("N"));
            var process = Process.Start(new ProcessStartInfo("node", [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("node could not be started.");
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            if (ready != "listening")
                throw new InvalidOperationException($"The SMTP sink did not start: {ready} {await process.StandardError.ReadToEndAsync()}");
            return new SmtpSink(process, folder, port);
        }

        public async Task<MimeMessage> WaitForMessageAsync()
        {
            for (var waited = 0; waited < 300; waited++)
            {
                var file = Directory.EnumerateFiles(folder, "*.eml").FirstOrDefault();
                if (file is not null)
                    return await MimeMessage.LoadAsync(file);
                await Task.Delay(50);
            }
            throw new TimeoutException("No message reached the SMTP server.");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
