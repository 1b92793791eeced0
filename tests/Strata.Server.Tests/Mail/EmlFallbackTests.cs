using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using MimeKit;

namespace Strata.Server.Tests.Mail;

/// <summary>Without STRATA_SMTP, invitations are written as .eml files; the link in them works.</summary>
public sealed partial class EmlFallbackTests
{
    [Fact]
    public async Task InvitationIsAMultipartEmlWhoseLinkAcceptsTheInvitation()
    {
        await using var app = new StrataApp();
        await using var configured = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("STRATA_PUBLIC_URL", "https://strata.example.edu");
            builder.UseSetting("STRATA_MAIL_POLL_MS", "100");
        });
        using var admin = configured.CreateDefaultClient();
        using var tokenResponse = await admin.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = StrataApp.AdminPassword });
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "separate", emails = "ann@uni.edu" })).EnsureSuccessStatusCode();

        var message = await WaitForMailAsync(Path.Combine(app.DataDirectory, "mail"));

        Assert.Equal("ann@uni.edu", message.To.Mailboxes.Single().Address);
        Assert.IsType<MultipartAlternative>(message.Body);
        // Signed by the inviter, naming the course: a student sees who asks and for what.
        Assert.EndsWith("invited you to Physics on Strata", message.Subject, StringComparison.Ordinal);
        Assert.Contains($"({StrataApp.AdminEmail}) invited you to Physics on Strata as:", message.TextBody, StringComparison.Ordinal);
        var textLink = Link().Match(message.TextBody ?? "");
        var htmlLink = Link().Match(message.HtmlBody ?? "");
        Assert.True(textLink.Success, message.TextBody);
        Assert.Equal(textLink.Value, htmlLink.Value);
        var token = textLink.Groups[1].Value;

        using var anonymous = configured.CreateClient();
        using var accepted = await anonymous.PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { name = "Ann", password = "ann password" });
        accepted.EnsureSuccessStatusCode();
        var grants = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("editor", grants.GetProperty("grants")[0].GetProperty("role").GetString());
    }

    private static async Task<MimeMessage> WaitForMailAsync(string folder)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            var file = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.eml").FirstOrDefault() : null;
            if (file is not null)
                return await MimeMessage.LoadAsync(file);
            await Task.Delay(50);
        }
        throw new TimeoutException($"No .eml file appeared in {folder}.");
    }

    [GeneratedRegex(@"https://strata\.example\.edu/invitations/(inv_[A-Za-z0-9_-]+)")]
    private static partial Regex Link();
}
