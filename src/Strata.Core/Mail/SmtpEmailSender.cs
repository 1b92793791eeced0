using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Strata.Core.Mail;

/// <summary>Sends through the SMTP server of <c>STRATA_SMTP</c> (<c>smtp://user:pass@host:port</c>, or <c>smtps://</c> for TLS).</summary>
public sealed class SmtpEmailSender(Uri server) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient();
        var security = server.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        var port = server.IsDefaultPort || server.Port <= 0 ? (server.Scheme == "smtps" ? 465 : 25) : server.Port;
        await client.ConnectAsync(server.Host, port, security, ct);
        if (!string.IsNullOrEmpty(server.UserInfo))
        {
            var parts = server.UserInfo.Split(':', 2);
            await client.AuthenticateAsync(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    /// <summary>Parses STRATA_SMTP, saying what is wrong with it.</summary>
    public static Uri ParseSetting(string setting)
    {
        if (!Uri.TryCreate(setting, UriKind.Absolute, out var uri) || uri.Scheme is not ("smtp" or "smtps") || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"STRATA_SMTP must look like smtp://user:pass@host:port (got \"{setting}\").", nameof(setting));
        return uri;
    }
}
