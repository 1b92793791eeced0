namespace Strata.Storage;

/// <summary>
/// Names made beside an existing one: "report (1).pdf" for an upload that would replace, "report
/// (incoming).pdf" for a merge conflict. The label goes before the extension so the file still opens
/// with the same program. <see cref="FirstFree"/> is the one way any name is made unique (slugs and
/// instance names use it with their own numbering).
/// </summary>
public static class NumberedNames
{
    /// <summary><paramref name="name"/> when free, else the first of numbered(<paramref name="from"/>), numbered(from + 1)… that is.</summary>
    public static string FirstFree(string name, Func<int, string> numbered, int from, Func<string, bool> taken)
    {
        var candidate = name;
        for (var n = from; taken(candidate); n++)
            candidate = numbered(n);
        return candidate;
    }

    /// <summary>"report.pdf" → ("report", ".pdf"); a leading dot (".env") is part of the stem.</summary>
    public static (string Stem, string Extension) Split(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot > 0 ? (name[..dot], name[dot..]) : (name, "");
    }

    /// <summary>"name (label).ext", or "name (label 2).ext"… when taken.</summary>
    public static string Labelled(string name, string label, IReadOnlySet<string> taken)
    {
        var (stem, extension) = Split(name);
        return FirstFree($"{stem} ({label}){extension}", n => $"{stem} ({label} {n}){extension}", 2, taken.Contains);
    }

    /// <summary>Whether <paramref name="candidate"/> is one of the names <see cref="Labelled"/> gives <paramref name="name"/>.</summary>
    public static bool IsLabelled(string candidate, string name, string label)
    {
        var (stem, extension) = Split(name);
        return candidate.StartsWith($"{stem} ({label}", StringComparison.Ordinal) && candidate.EndsWith(")" + extension, StringComparison.Ordinal);
    }

    /// <summary>The name itself when free, else "name (1).ext", "name (2).ext"…</summary>
    public static string Unique(string name, IReadOnlySet<string> taken)
    {
        var (stem, extension) = Split(name);
        return FirstFree(name, n => $"{stem} ({n}){extension}", 1, taken.Contains);
    }
}
