using System.Net.Mail;

namespace Strata.Core.Accounts;

/// <summary>Email address rules: one place decides what a valid address is and how it is compared.</summary>
public static class EmailAddress
{
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return false;
        var trimmed = email.Trim();
        if (trimmed.Length > 254 || trimmed.Any(char.IsWhiteSpace) || trimmed.Contains(',') || trimmed.Contains(';'))
            return false;
        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || !string.IsNullOrEmpty(parsed.DisplayName))
            return false;
        var at = trimmed.LastIndexOf('@');
        var domain = trimmed[(at + 1)..];
        return at > 0 && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.');
    }

    /// <summary>Splits a list typed by a person: commas, semicolons, spaces or newlines.</summary>
    public static IReadOnlyList<string> SplitList(string list) =>
        list.Split([',', ';', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
