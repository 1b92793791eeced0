using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;

namespace Strata.Server.Tests;

/// <summary>
/// The mail a server queued, read from its outbox. A message is committed in the same transaction as the
/// change that queued it (an invitation, a reset), so it is there when the request is answered: no waiting
/// on the background sender. (How the sender writes .eml files or talks SMTP has tests of its own.)
/// </summary>
public static partial class Mailbox
{
    /// <summary>The text of every message queued for the address so far, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> TextsAsync(StrataApp app, string email)
    {
        var options = new DbContextOptionsBuilder<StrataDb>();
        Database.Configure(options, app.ConnectionString);
        await using var db = new StrataDb(options.Options);
        var messages = await db.Outbox.AsNoTracking().Select(m => new { m.Id, m.To, m.CreatedAt, m.TextBody }).ToListAsync();
        return [.. messages.Where(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => m.TextBody)];
    }

    /// <summary>Every match of <paramref name="link"/>'s first group in the mail to the address, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> LinksAsync(StrataApp app, string email, Regex link) =>
        [.. (await TextsAsync(app, email)).Select(text => link.Match(text)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    /// <summary>The token of the newest password reset link mailed to <paramref name="email"/>.</summary>
    public static async Task<string> ResetTokenAsync(StrataApp app, string email) =>
        (await ResetTokensAsync(app, email)) is [.., var newest] ? newest : throw new InvalidOperationException($"No password reset mail to {email} was queued.");

    /// <summary>Every reset link token mailed to the address so far, oldest first.</summary>
    public static Task<IReadOnlyList<string>> ResetTokensAsync(StrataApp app, string email) => LinksAsync(app, email, ResetLink());

    /// <summary>The token of the newest invitation mailed to <paramref name="email"/>.</summary>
    public static async Task<string> InvitationTokenAsync(StrataApp app, string email) =>
        (await LinksAsync(app, email, InvitationLink())) is [.., var newest] ? newest : throw new InvalidOperationException($"No invitation mail to {email} was queued.");

    [GeneratedRegex(@"https?://[^\s/]+/reset-password/(reset_[A-Za-z0-9_-]+)")]
    private static partial Regex ResetLink();

    [GeneratedRegex(@"/invitations/(inv_[A-Za-z0-9_-]+)")]
    public static partial Regex InvitationLink();
}
