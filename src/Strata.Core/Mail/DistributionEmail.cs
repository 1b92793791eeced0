using System.Net;
using Strata.Core.Distributions;

namespace Strata.Core.Mail;

/// <summary>The message to a target's editors that new material arrived, with the sender's words.</summary>
internal static class DistributionEmail
{
    public static OutboxMessage Compose(string to, string sender, string spaceName, string instanceName, string? message, string link,
        DistributionStrategy strategy, bool autoSnapshot, DistributionTarget outcome, DateTimeOffset now)
    {
        var subject = $"New material in {spaceName}: {instanceName}";
        var note = string.IsNullOrWhiteSpace(message) ? "" : $"\n{sender} wrote:\n\n{message}\n";
        var what = WhatHappened(strategy, autoSnapshot, outcome);
        var text =
            $"""
            Hello,

            {sender} distributed new material into "{instanceName}" in {spaceName}.
            {note}
            {what}
            Open the instance to see what arrived:
            {link}
            """;
        var html =
            $"""
            <!doctype html>
            <html><body style="font-family: system-ui, sans-serif; color: #1d2330; line-height: 1.5">
            <p>Hello,</p>
            <p>{Encode(sender)} distributed new material into <strong>{Encode(instanceName)}</strong> in {Encode(spaceName)}.</p>
            {(string.IsNullOrWhiteSpace(message) ? "" : $"<blockquote style=\"border-left:3px solid #c8cfdb;margin:0;padding-left:1em;white-space:pre-wrap\">{Encode(message)}</blockquote>")}
            <p>{Encode(what)}</p>
            <p><a href="{Encode(link)}">Open {Encode(instanceName)}</a></p>
            </body></html>
            """;
        return new OutboxMessage { To = to, Subject = subject, TextBody = text, HtmlBody = html, CreatedAt = now, NextAttemptAt = now };
    }

    /// <summary>What the strategy did to the student's own files, in their words: the email must be true for each strategy.</summary>
    private static string WhatHappened(DistributionStrategy strategy, bool autoSnapshot, DistributionTarget outcome)
    {
        var counts = $"{Counted.Of(outcome.Added, "file")} added, {Counted.Of(outcome.Updated, "file")} updated" +
            (outcome.Deleted > 0 ? $", {Counted.Of(outcome.Deleted, "file")} removed" : "") + (outcome.Kept > 0 ? $", {Counted.Of(outcome.Kept, "file")} of yours kept" : "") + ".";
        var earlier = autoSnapshot ? " An automatic snapshot taken just before keeps your earlier version." : "";
        var conflicts = outcome.Conflicts.Length == 0 ? 0 : outcome.Conflicts.Split('\n').Length;
        return strategy switch
        {
            DistributionStrategy.Merge => $"{counts} Files you changed were kept as they are" +
                (conflicts > 0 ? $"; where the new material changed them too ({Counted.Of(conflicts, "file")}), the new version is beside yours as \"name (incoming)\"." : "."),
            DistributionStrategy.Extra => $"{counts} Only files you did not have were added; nothing of yours was changed.",
            DistributionStrategy.Mirror => $"{counts} The distributed folders now match the new material exactly: files of yours inside them were replaced or removed.{earlier}",
            _ => $"{counts} Files with the same name as the new material were replaced by it.{earlier}",
        };
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
