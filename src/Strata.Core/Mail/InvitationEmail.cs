using System.Net;
using Strata.Core.Invitations;

namespace Strata.Core.Mail;

/// <summary>The invitation message: plain text and HTML alternatives of the same words.</summary>
internal static class InvitationEmail
{
    /// <param name="inviter">The inviter's name, signing the message (their address stays in it too, so the invitee knows who it is).</param>
    /// <param name="place">The course, project or organisation the invitation is to, for the subject.</param>
    public static OutboxMessage Compose(Invitation invitation, IEnumerable<string> offers, string link, string inviter, string place, DateTimeOffset now)
    {
        var offerList = offers.ToList();
        var subject = $"{inviter} invited you to {place} on Strata";
        var text =
            $"""
            Hello,

            {inviter} ({invitation.InvitedBy}) invited you to {place} on Strata as:
            {string.Join("\n", offerList.Select(o => "  - " + o))}

            Review the invitation and accept or decline it here:
            {link}

            The invitation is for {invitation.Email} and expires on {invitation.ExpiresAt:yyyy-MM-dd}.
            If you did not expect it, you can ignore this message.

            {inviter}
            """;
        var html =
            $"""
            <!doctype html>
            <html><body style="font-family: system-ui, sans-serif; color: #1d2330; line-height: 1.5">
            <p>Hello,</p>
            <p>{Encode(inviter)} ({Encode(invitation.InvitedBy)}) invited you to {Encode(place)} on Strata as:</p>
            <ul>{string.Concat(offerList.Select(o => $"<li>{Encode(o)}</li>"))}</ul>
            <p><a href="{Encode(link)}" style="background:#2455c3;color:#fff;padding:.5em 1em;border-radius:6px;text-decoration:none">Review the invitation</a></p>
            <p>Or open this link: <a href="{Encode(link)}">{Encode(link)}</a></p>
            <p style="color:#5a6272">The invitation is for {Encode(invitation.Email)} and expires on {invitation.ExpiresAt:yyyy-MM-dd}.
            If you did not expect it, you can ignore this message.</p>
            <p>{Encode(inviter)}</p>
            </body></html>
            """;
        return new OutboxMessage
        {
            To = invitation.Email,
            Subject = subject,
            TextBody = text,
            HtmlBody = html,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
