using System.Text;

namespace Strata.Storage;

/// <summary>
/// Characters refused in paths and in names (SPEC §4). Invisible spaces and text-direction controls let a
/// name display as something it is not ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf") or make two
/// different names look alike. The joiners U+200C and U+200D are not among them: scripts and emoji need them.
/// </summary>
public static class DisguisingCharacters
{
    /// <summary>How details name the kind of character, so path and name refusals read alike.</summary>
    public const string Description = "an invisible or text-direction character";

    public static bool IsRefused(Rune rune) => rune.Value is
        0x200B // zero width space
        or 0x200E or 0x200F // left-to-right and right-to-left marks
        or (>= 0x202A and <= 0x202E) // embeddings, pop and overrides
        or (>= 0x2066 and <= 0x2069) // isolates
        or 0xFEFF; // zero width no-break space (byte order mark)

    /// <summary>The first refused character of <paramref name="text"/>, or null when it has none.</summary>
    public static Rune? FindIn(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsRefused(rune))
                return rune;
        }
        return null;
    }
}
