using Quickenshtein;

namespace Strata.Core.Invitations;

/// <summary>
/// Likely typos in pasted addresses ("ann@gmial.com", "bob@uni.eud" among twenty "@uni.edu"): warnings
/// a person reads before the invitations go out, never refusals — the address may well be right.
/// </summary>
public static class EmailTypos
{
    private static readonly string[] CommonDomains =
    [
        "gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "icloud.com", "me.com",
        "aol.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "web.de", "yahoo.co.uk", "hotmail.co.uk",
    ];

    public static IReadOnlyList<string> Warnings(IReadOnlyList<string> addresses)
    {
        var domains = addresses.Select(Domain).ToList();
        // The list's own usual domain (most students of one university share it) counts as common too.
        var usual = domains.GroupBy(d => d).Where(g => g.Count() >= 3).Select(g => g.Key);
        var known = CommonDomains.Concat(usual).ToHashSet(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var (address, domain) in addresses.Zip(domains))
        {
            if (known.Contains(domain))
                continue;
            // Two edits are a swap of neighbours ("gmial") or a slip on a longer name; one edit always counts.
            var close = known.FirstOrDefault(k => Levenshtein.GetDistance(domain, k) is var d && (d == 1 || (d == 2 && k.Length >= 7)));
            if (close is not null)
                warnings.Add($"{address}: did you mean @{close}?");
        }
        return warnings;
    }

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant();
}
