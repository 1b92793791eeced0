using System.Text;
using AnyAscii;
using Strata.Core.Errors;
using Strata.Storage;

namespace Strata.Core.Hierarchy;

/// <summary>Name, description and slug rules shared by organisations, spaces and instances.</summary>
public static class Names
{
    public const int MaxNameLength = 1023;
    public const int MaxDescriptionLength = 1023;

    /// <summary>The trimmed name, or invalid_name saying what is wrong (SPEC §4: nothing that could disguise it).</summary>
    public static string Validate(string? name, string what)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw new DomainException(ErrorCodes.InvalidName, $"The {what} needs a name.");
        if (DisguisingCharacters.FindIn(trimmed) is { } hidden)
            throw new DomainException(ErrorCodes.InvalidName,
                $"The {what} name contains {DisguisingCharacters.Description} (U+{hidden.Value:X4}), which could make it read as "
                + "something it is not. Remove it, or type the name again instead of pasting it.");
        if (ControlCharacter(trimmed, allowLineBreaks: false) is { } control)
            throw new DomainException(ErrorCodes.InvalidName,
                $"The {what} name contains a control character (U+{control.Value:X4}), which cannot be shown or typed. Remove it.");
        if (trimmed.Length > MaxNameLength)
            throw new DomainException(ErrorCodes.InvalidName,
                $"The {what} name is {trimmed.Length} characters long; the limit is {MaxNameLength}.");
        return trimmed;
    }

    public static string ValidateDescription(string? description, string what)
    {
        var value = description?.Trim() ?? "";
        RefuseControlCharacters(value, $"The {what} description");
        if (value.Length > MaxDescriptionLength)
            throw new DomainException(ErrorCodes.InvalidRequest,
                $"The {what} description is {value.Length} characters long; the limit is {MaxDescriptionLength}.");
        return value;
    }

    /// <summary>
    /// Free text (descriptions, messages) may hold line breaks and tabs but no other control character: a NUL or an
    /// escape would travel on into pages, mail and exports that cannot carry it.
    /// </summary>
    public static void RefuseControlCharacters(string text, string what)
    {
        if (ControlCharacter(text, allowLineBreaks: true) is { } control)
            throw new DomainException(ErrorCodes.InvalidRequest,
                $"{what} contains a control character (U+{control.Value:X4}); only line breaks and tabs are allowed. Remove it.");
    }

    /// <summary>The first control character (C0, DEL, C1) of the text, line breaks and tabs aside when allowed.</summary>
    public static Rune? ControlCharacter(string text, bool allowLineBreaks)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsControl(rune) && !(allowLineBreaks && rune.Value is '\n' or '\r' or '\t'))
                return rune;
        }
        return null;
    }

    public static string Key(string name) => name.Trim().ToLowerInvariant();

    /// <summary>
    /// Spelled in Latin letters, lower case; every run of characters other than a-z and 0-9 becomes one '_'.
    /// Only new slugs come from here: a stored slug never changes, so links and bookmarks keep working.
    /// </summary>
    public static string Slugify(string name)
    {
        // Transliterating first keeps "Université" readable as "universite" instead of "universit_", and gives
        // other scripts ("Москва" → "moskva") a slug a person can type; what has no spelling still becomes '_'.
        var ascii = Transliteration.Transliterate(name.Trim());
        var builder = new StringBuilder(ascii.Length);
        var inRun = false;
        foreach (var c in ascii.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
                inRun = false;
            }
            else if (!inRun)
            {
                builder.Append('_');
                inRun = true;
            }
        }
        // Long names make unwieldy URLs; the slug only has to be recognisable and unique.
        return builder.Length > 100 ? builder.ToString(0, 100) : builder.ToString();
    }

    /// <summary>The slug, or the first of slug_2, slug_3… that is not taken.</summary>
    public static string Uniquify(string slug, ISet<string> taken) =>
        NumberedNames.FirstFree(slug, n => $"{slug}_{n}", 2, taken.Contains);

    /// <summary>The name, or "name 2", "name 3"… whose key is not taken (their slugs read name_2, name_3).</summary>
    public static string UniquifyName(string name, ISet<string> takenKeys) =>
        NumberedNames.FirstFree(name, n => $"{name} {n}", 2, candidate => takenKeys.Contains(Key(candidate)));
}
