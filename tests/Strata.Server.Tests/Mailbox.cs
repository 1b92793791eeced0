using System.Text.RegularExpressions;
using MimeKit;

namespace Strata.Server.Tests;

/// <summary>The .eml files a server without SMTP writes to its data folder, read as the recipient would.</summary>
public static partial class Mailbox
{
    /// <summary>The token of the newest password reset link mailed to <paramref name="email"/>, waiting for the outbox to write it.</summary>
    public static async Task<string> ResetTokenAsync(StrataApp app, string email, int previous = 0)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            var tokens = await ResetTokensAsync(app, email);
            if (tokens.Count > previous)
                return tokens[^1];
            await Task.Delay(50);
        }
        throw new TimeoutException($"No password reset mail to {email} was written.");
    }

    /// <summary>Every reset link token mailed to the address so far, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> ResetTokensAsync(StrataApp app, string email) =>
        [.. (await TextsAsync(app, email)).Select(text => ResetLink().Match(text)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    /// <summary>The text of every message mailed to the address so far.</summary>
    public static async Task<IReadOnlyList<string>> TextsAsync(StrataApp app, string email)
    {
        var folder = Path.Combine(app.DataDirectory, "mail");
        if (!Directory.Exists(folder))
            return [];
        var texts = new List<string>();
        foreach (var file in new DirectoryInfo(folder).GetFiles("*.eml").OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var message = await MimeMessage.LoadAsync(file.FullName);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, email, StringComparison.OrdinalIgnoreCase)))
                texts.Add(message.TextBody ?? "");
        }
        return texts;
    }

    [GeneratedRegex(@"https?://[^\s/]+/reset-password/(reset_[A-Za-z0-9_-]+)")]
    private static partial Regex ResetLink();
}
