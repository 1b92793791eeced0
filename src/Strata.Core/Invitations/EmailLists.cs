using Strata.Core.Accounts;
using Strata.Core.Errors;

namespace Strata.Core.Invitations;

public static class EmailLists
{
    /// <summary>
    /// Every address checked before anything is created: one bad address rejects the whole list,
    /// naming each bad one. Duplicates (case-insensitive) are dropped.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> emails)
    {
        var items = emails.SelectMany(EmailAddress.SplitList).ToList();
        if (items.Count == 0)
            throw new DomainException(ErrorCodes.InvalidEmail, "Give at least one email address.",
                new Dictionary<string, object?> { ["invalidEmails"] = Array.Empty<string>() });
        var invalid = items.Where(e => !EmailAddress.IsValid(e)).Distinct().ToArray();
        if (invalid.Length > 0)
            throw new DomainException(ErrorCodes.InvalidEmail,
                $"{(invalid.Length == 1 ? "This address is" : "These addresses are")} not valid: {string.Join(", ", invalid)}. Correct {(invalid.Length == 1 ? "it" : "them")}; nothing was created.",
                new Dictionary<string, object?> { ["invalidEmails"] = invalid });
        return [.. items.DistinctBy(EmailAddress.Normalize, StringComparer.Ordinal)];
    }
}
