using MimeKit;

namespace Strata.Core.Mail;

/// <summary>Delivers one message or throws; the outbox decides about retries.</summary>
public interface IEmailSender
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}
