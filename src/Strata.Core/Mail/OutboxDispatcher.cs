using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using Strata.Core.Data;

namespace Strata.Core.Mail;

/// <summary>
/// Sends due outbox messages. Each message is leased with a conditional update before sending, so
/// several server processes sharing a database never send one message twice at the same time.
/// Failures are recorded on the row and retried with exponential back-off.
/// </summary>
public sealed class OutboxDispatcher(StrataDb db, IEmailSender sender, MailOptions options, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    /// <summary>Sends up to <paramref name="batch"/> due messages; returns how many were handled.</summary>
    public async Task<int> DispatchDueAsync(int batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.LeasedUntil == null || m.LeasedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Take(batch).Select(m => m.Id).ToListAsync(ct);
        var handled = 0;
        foreach (var id in due)
        {
            var leaseEnd = now + options.Lease;
            var leased = await db.Outbox
                .Where(m => m.Id == id && m.SentAt == null && (m.LeasedUntil == null || m.LeasedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, leaseEnd), ct);
            if (leased == 0)
                continue;
            var message = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id, ct);
            await SendOneAsync(message, ct);
            handled++;
        }
        return handled;
    }

    private async Task SendOneAsync(OutboxMessage message, CancellationToken ct)
    {
        try
        {
            await sender.SendAsync(ToMime(message), ct);
            var sentAt = clock.GetUtcNow();
            await db.Outbox.Where(m => m.Id == message.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var attempts = message.Attempts + 1;
            var now = clock.GetUtcNow();
            var delay = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, options.FirstRetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
            DateTimeOffset? failedAt = attempts >= options.MaxAttempts ? now : null;
            var error = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            logger.LogWarning(e, "Sending mail {MessageId} to {To} failed (attempt {Attempts}).", message.Id, message.To, attempts);
            await db.Outbox.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, now + delay)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.FailedAt, failedAt)
                .SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), ct);
        }
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = Printable(message.Subject, lineBreaks: false);
        mime.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("strata.local");
        mime.Body = new BodyBuilder { TextBody = Printable(message.TextBody, lineBreaks: true), HtmlBody = Printable(message.HtmlBody, lineBreaks: true) }.ToMessageBody();
        return mime;
    }

    /// <summary>
    /// Inputs refuse control characters, but a message queued from data stored under older rules may still hold
    /// one; mail never carries a NUL or an escape (many servers refuse it, some truncate there).
    /// </summary>
    private static string Printable(string text, bool lineBreaks) =>
        Strata.Core.Hierarchy.Names.ControlCharacter(text, lineBreaks) is null
            ? text
            : string.Concat(text.EnumerateRunes().Where(r => !System.Text.Rune.IsControl(r) || (lineBreaks && r.Value is '\n' or '\r' or '\t')).Select(r => r.ToString()));
}
