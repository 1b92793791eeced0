using System.Net;

namespace Strata.Core.Mail;

/// <summary>The message to a student that their grade and feedback for an assignment are in their instance.</summary>
internal static class HandBackEmail
{
    public static OutboxMessage Compose(string to, string sender, string spaceName, string instanceName, string assignment, string link, DateTimeOffset now)
    {
        var subject = $"Feedback on {assignment} in {spaceName}";
        var folder = $"feedback/{assignment}/";
        var text =
            $"""
            Hello,

            {sender} handed back your grade and feedback on "{assignment}" in {spaceName}.
            They are in the folder {folder} of "{instanceName}" (grade.md holds the grade and comment).
            An automatic snapshot taken just before keeps your work as it was.

            Open the instance to read them:
            {link}
            """;
        var html =
            $"""
            <!doctype html>
            <html><body style="font-family: system-ui, sans-serif; color: #1d2330; line-height: 1.5">
            <p>Hello,</p>
            <p>{Encode(sender)} handed back your grade and feedback on <strong>{Encode(assignment)}</strong> in {Encode(spaceName)}.</p>
            <p>They are in the folder <code>{Encode(folder)}</code> of {Encode(instanceName)} (<code>grade.md</code> holds the grade and comment).
            An automatic snapshot taken just before keeps your work as it was.</p>
            <p><a href="{Encode(link)}">Open {Encode(instanceName)}</a></p>
            </body></html>
            """;
        return new OutboxMessage { To = to, Subject = subject, TextBody = text, HtmlBody = html, CreatedAt = now, NextAttemptAt = now };
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
