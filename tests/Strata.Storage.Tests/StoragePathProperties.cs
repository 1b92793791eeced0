using System.Text;
using FsCheck.Xunit;

namespace Strata.Storage.Tests;

/// <summary>
/// Property tests (FsCheck) of the path rule of SPEC §4: any input either parses to a path that obeys every
/// rule and reads back the same, or is refused with invalid_path — never another exception; the same name
/// typed composed or decomposed is the same path; one refused character anywhere refuses the path.
/// </summary>
public sealed class StoragePathProperties
{
    /// <summary>Characters worth mixing: separators, dots, refused and allowed invisibles, combining marks, astral.</summary>
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", " ", ".", "..", "/", "//", "\\", "%2F", ":", "é", "e\u0301", "Å", "A\u030A", "ß", "中", "😀",
        "\u0000", "\u0007", "\n", "\u007F", "\u0085", "\u200B", "\u200C", "\u200D", "\u200E", "\u202E", "\u2066", "\uFEFF",
        "\uD800", new string('x', 100), new string('é', 60),
    ];

    private static readonly string[] Refused = ["\\", "\u0000", "\u001F", "\u007F", "\u0085", "\u200B", "\u200E", "\u200F", "\u202A", "\u202E", "\u2066", "\u2069", "\uFEFF"];

    private static string Build(int[] picks) =>
        string.Concat(picks.Select(p => Pieces[Math.Abs(p % Pieces.Length)]));

    [Property(MaxTest = 2_000)]
    public bool AnyInputParsesToAValidPathOrIsRefusedWithInvalidPath(int[] picks)
    {
        var input = Build(picks);
        StoragePath path;
        try
        {
            path = StoragePath.Parse(input);
        }
        catch (StorageException e) when (e.Code == StorageException.InvalidPath)
        {
            return true;
        }
        return Obeys(path) && StoragePath.Parse(path.ToString()).Equals(path);
    }

    [Property(MaxTest = 2_000)]
    public bool FreeTextNeverThrowsAnythingButInvalidPath(string? input)
    {
        try
        {
            var path = StoragePath.Parse(input);
            return Obeys(path);
        }
        catch (StorageException e)
        {
            return e.Code == StorageException.InvalidPath;
        }
    }

    [Property(MaxTest = 1_000)]
    public bool ComposedAndDecomposedSpellingsAreOnePath(int[] picks)
    {
        var input = Build(picks);
        if (!input.CanBeNormalized())
            return Outcome(input) == StorageException.InvalidPath;
        var composed = Outcome(input.Normalize(NormalizationForm.FormC));
        var decomposed = Outcome(input.Normalize(NormalizationForm.FormD));
        return composed == decomposed;
    }

    [Property(MaxTest = 1_000)]
    public bool OneRefusedCharacterAnywhereRefusesThePath(byte[] letters, int where, int which)
    {
        var valid = "folder/" + new string([.. letters.Take(200).Select(b => (char)('a' + b % 26))]) + "x";
        var at = 1 + Math.Abs(where % (valid.Length - 1));
        var bad = valid.Insert(at, Refused[Math.Abs(which % Refused.Length)]);
        return Outcome(bad) == "invalid_path" && Outcome(valid) != "invalid_path";
    }

    [Property(MaxTest = 1_000)]
    public bool CombiningValidNamesEqualsParsingTheJoinedPath(byte[][] names)
    {
        var segments = names.Where(n => n is { Length: > 0 }).Take(12)
            .Select(n => "n" + string.Concat(n.Take(40).Select(b => "aé中 -_"[b % 6]))).ToList();
        var combined = segments.Aggregate(StoragePath.Root, (path, name) => path.Combine(name));
        return combined.Equals(StoragePath.Parse(string.Join('/', segments)))
            && combined.Segments.Count == segments.Count;
    }

    private static string Outcome(string input)
    {
        try
        {
            return StoragePath.Parse(input).ToString();
        }
        catch (StorageException e)
        {
            return e.Code;
        }
    }

    private static bool Obeys(StoragePath path) =>
        Encoding.UTF8.GetByteCount(path.ToString()) <= StoragePath.MaxPathBytes
        && path.Segments.All(segment =>
            segment.Length > 0
            && segment is not "." and not ".."
            && !segment.Contains('/') && !segment.Contains('\\')
            && segment.IsNormalized(NormalizationForm.FormC)
            && Encoding.UTF8.GetByteCount(segment) <= StoragePath.MaxSegmentBytes
            && !segment.EnumerateRunes().Any(r => Rune.IsControl(r) || DisguisingCharacters.IsRefused(r)));
}

internal static class UnicodeText
{
    /// <summary>Whether .NET can normalise the text at all (no lone surrogate).</summary>
    public static bool CanBeNormalized(this string text)
    {
        try
        {
            _ = text.IsNormalized(NormalizationForm.FormC);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
