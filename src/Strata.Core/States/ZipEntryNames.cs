using System.Text;
using Strata.Storage;

namespace Strata.Core.States;

/// <summary>
/// Names inside a zip that every extractor can write, Windows' included: a state may hold "C:", "a:b",
/// "CON", "NUL.txt" or "notes." (all valid Strata names), which Windows refuses, reads as a drive or a device,
/// or silently renames. The state keeps its names; only the archive's copy is made safe, and names of one
/// folder that become the same (Windows also ignores case) stay distinct as "name (1).ext", "name (2).ext"…
/// </summary>
public static class ZipEntryNames
{
    private static readonly HashSet<string> Devices = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    };

    /// <summary>The archive name of each of a folder's entries, in the order given.</summary>
    public static IReadOnlyList<string> ForFolder(IReadOnlyList<string> names)
    {
        var result = new string?[names.Count];
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Names that need no change keep it (the first of names equal but for case, as Windows sees them)…
        for (var i = 0; i < names.Count; i++)
        {
            if (Safe(names[i]) == names[i] && taken.Add(names[i]))
                result[i] = names[i];
        }
        // …and the others give way, numbered when their safe form is taken.
        for (var i = 0; i < names.Count; i++)
        {
            if (result[i] is not null)
                continue;
            result[i] = NumberedNames.Unique(Safe(names[i]), taken);
            taken.Add(result[i]!);
        }
        return result!;
    }

    /// <summary>One name made writable on Windows: reserved characters as '_', no trailing dot or space, no device name.</summary>
    public static string Safe(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var rune in name.EnumerateRunes())
            builder.Append(rune.Value is '\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || Rune.IsControl(rune) ? "_" : rune.ToString());
        // Windows drops trailing dots and spaces, so "a." and "a" would collide and "..." would vanish.
        for (var end = builder.Length - 1; end >= 0 && builder[end] is '.' or ' '; end--)
            builder[end] = '_';
        var safe = builder.ToString();
        // "NUL.txt" and "con .tar.gz" are devices too: Windows reads the part before the first dot, trailing spaces aside.
        var stem = safe.Split('.')[0].TrimEnd(' ');
        return Devices.Contains(stem) ? "_" + safe : safe;
    }
}
