using System.Text.RegularExpressions;
using Strata.Core.Accounts;
using Strata.Core.Errors;

namespace Strata.Core.Invitations;

/// <summary>One address of a pasted list, with the display name it came with ("Ann Smith &lt;ann@uni.edu&gt;").</summary>
public sealed record EmailEntry(string Address, string? Name);

/// <summary>
/// Lists of addresses as people paste them: from a spreadsheet column, a mail client's To: line
/// ("Smith, Ann" &lt;ann@uni.edu&gt;; Bob &lt;bob@uni.edu&gt;) or typed with commas, semicolons, spaces
/// or newlines, in any mix.
/// </summary>
public static partial class EmailLists
{
    /// <summary>
    /// Every address checked before anything is created: one bad address rejects the whole list,
    /// naming each bad one. Duplicates (case-insensitive) are dropped.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> emails) => [.. Parse(emails).Select(e => e.Address)];

    /// <summary>As <see cref="Validate"/>, keeping each address's display name when it had one.</summary>
    public static IReadOnlyList<EmailEntry> Parse(IReadOnlyList<string> emails)
    {
        var items = emails.SelectMany(Split).ToList();
        if (items.Count == 0)
            throw new DomainException(ErrorCodes.InvalidEmail, "Give at least one email address.",
                new Dictionary<string, object?> { ["invalidEmails"] = Array.Empty<string>() });
        var invalid = items.Where(e => !EmailAddress.IsValid(e.Address)).Select(e => e.Address).Distinct().ToArray();
        if (invalid.Length > 0)
            throw new DomainException(ErrorCodes.InvalidEmail,
                $"{(invalid.Length == 1 ? "This address is" : "These addresses are")} not valid: {string.Join(", ", invalid)}. Correct {(invalid.Length == 1 ? "it" : "them")}; nothing was created.",
                new Dictionary<string, object?> { ["invalidEmails"] = invalid });
        return [.. items.DistinctBy(e => EmailAddress.Normalize(e.Address), StringComparer.Ordinal)];
    }

    private static IEnumerable<EmailEntry> Split(string list)
    {
        // Commas and semicolons separate entries, except inside a quoted display name.
        var chunks = QuotedOrSeparator().Split(list).Where(c => c.Length > 0).ToList();
        var pending = "";
        foreach (var raw in chunks)
        {
            var chunk = (pending.Length > 0 ? pending + "," : "") + raw;
            pending = "";
            if (chunk.Trim().Length == 0)
                continue;
            if (Bracketed().Match(chunk) is { Success: true } named)
            {
                var name = named.Groups["name"].Value.Trim().Trim('"', '\'').Trim();
                yield return new EmailEntry(named.Groups["address"].Value.Trim(), name.Length == 0 ? null : name);
                continue;
            }
            // "Smith, Ann <ann@uni.edu>": a piece with no address that the next piece's bracket completes.
            if (!chunk.Contains('@') && !chunk.Contains('<'))
            {
                var rest = chunks.SkipWhile(c => !ReferenceEquals(c, raw)).Skip(1).FirstOrDefault();
                if (rest is not null && rest.Contains('<') && !rest[..rest.IndexOf('<')].Contains('@'))
                {
                    pending = chunk;
                    continue;
                }
            }
            foreach (var token in chunk.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                yield return new EmailEntry(token.Trim('<', '>'), null);
        }
    }

    /// <summary>Separators outside double quotes: commas, semicolons and line breaks.</summary>
    [GeneratedRegex("""[,;\r\n]+(?=(?:[^"]*"[^"]*")*[^"]*$)""")]
    private static partial Regex QuotedOrSeparator();

    [GeneratedRegex("""^\s*(?<name>[^<>]*?)\s*<(?<address>[^<>]*)>\s*$""")]
    private static partial Regex Bracketed();
}
