using System.Net;

namespace Strata.Core.Mail;

/// <summary>The password reset message: the link, how long it works, and what to do if nobody asked.</summary>
internal static class PasswordResetEmail
{
    public static OutboxMessage Compose(string to, string? sentBy, string link, string validity, DateTimeOffset now)
    {
        var why = sentBy is null
            ? "Someone, probably you, asked to reset the password of your Strata account."
            : $"A platform administrator ({sentBy}) sent you a link to set a new password for your Strata account.";
        var text =
            $"""
            Hello,

            {why}

            Set a new password here:
            {link}

            The link works once, for {validity}. Setting a new password signs out your other browser sessions.
            If you did not ask for this, ignore this message: your password stays as it is.
            """;
        var html =
            $"""
            <!doctype html>
            <html><body style="font-family: system-ui, sans-serif; color: #1d2330; line-height: 1.5">
            <p>Hello,</p>
            <p>{Encode(why)}</p>
            <p><a href="{Encode(link)}" style="background:#2455c3;color:#fff;padding:.5em 1em;border-radius:6px;text-decoration:none">Set a new password</a></p>
            <p>Or open this link: <a href="{Encode(link)}">{Encode(link)}</a></p>
            <p style="color:#5a6272">The link works once, for {validity}. Setting a new password signs out your other browser sessions.
            If you did not ask for this, ignore this message: your password stays as it is.</p>
            </body></html>
            """;
        return new OutboxMessage
        {
            To = to,
            Subject = "Reset your Strata password",
            TextBody = text,
            HtmlBody = html,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
