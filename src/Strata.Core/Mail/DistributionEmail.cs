using System.Net;

namespace Strata.Core.Mail;

/// <summary>The message to a target's editors that new material arrived, with the sender's words.</summary>
internal static class DistributionEmail
{
    public static OutboxMessage Compose(string to, string sender, string spaceName, string instanceName, string? message, string link, DateTimeOffset now)
    {
        var subject = $"New material in {spaceName}: {instanceName}";
        var note = string.IsNullOrWhiteSpace(message) ? "" : $"\n{sender} wrote:\n\n{message}\n";
        var text =
            $"""
            Hello,

            {sender} distributed new material into "{instanceName}" in {spaceName}.
            {note}
            Your own edits are never overwritten without a copy; open the instance to see what arrived:
            {link}
            """;
        var html =
            $"""
            <!doctype html>
            <html><body style="font-family: system-ui, sans-serif; color: #1d2330; line-height: 1.5">
            <p>Hello,</p>
            <p>{Encode(sender)} distributed new material into <strong>{Encode(instanceName)}</strong> in {Encode(spaceName)}.</p>
            {(string.IsNullOrWhiteSpace(message) ? "" : $"<blockquote style=\"border-left:3px solid #c8cfdb;margin:0;padding-left:1em;white-space:pre-wrap\">{Encode(message)}</blockquote>")}
            <p><a href="{Encode(link)}">Open {Encode(instanceName)}</a></p>
            </body></html>
            """;
        return new OutboxMessage { To = to, Subject = subject, TextBody = text, HtmlBody = html, CreatedAt = now, NextAttemptAt = now };
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
