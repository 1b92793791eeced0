using System.Globalization;
using System.Text;

namespace Strata.Storage;

/// <summary>
/// A validated file path (SPEC §4): '/'-separated segments, each NFC-normalised, 1–255 bytes of UTF-8,
/// never "." or "..", without '\', control characters or <see cref="DisguisingCharacters"/>; at most 4096 bytes
/// in all. The root has no segments.
/// </summary>
public sealed class StoragePath : IEquatable<StoragePath>
{
    public const int MaxSegmentBytes = 255;
    public const int MaxPathBytes = 4096;

    public static readonly StoragePath Root = new([]);

    private StoragePath(string[] segments) => Segments = segments;

    public IReadOnlyList<string> Segments { get; }

    public bool IsRoot => Segments.Count == 0;

    public string Name => IsRoot ? "" : Segments[^1];

    public StoragePath Parent => IsRoot ? this : new StoragePath([.. Segments.Take(Segments.Count - 1)]);

    public override string ToString() => string.Join('/', Segments);

    /// <summary>Parses and validates, or throws invalid_path naming the offending segment and rule.</summary>
    public static StoragePath Parse(string? path)
    {
        var normalized = Normalized(path ?? "");
        var trimmed = normalized.Trim('/');
        if (trimmed.Length == 0)
            return Root;
        var bytes = Encoding.UTF8.GetByteCount(trimmed);
        if (bytes > MaxPathBytes)
            throw Invalid($"Path is {bytes} bytes long; the limit is {MaxPathBytes} bytes of UTF-8.");
        var segments = trimmed.Split('/');
        foreach (var segment in segments)
            ValidateSegment(segment, trimmed);
        return new StoragePath(segments);
    }

    /// <summary>Validates a single name (no '/' allowed), NFC-normalised.</summary>
    public static string ValidateName(string name)
    {
        var normalized = Normalized(name);
        if (normalized.Contains('/'))
            throw Invalid($"Name \"{normalized}\" contains '/'; a name is a single path segment.");
        ValidateSegment(normalized, normalized);
        return normalized;
    }

    public StoragePath Combine(string name) => new([.. Segments, ValidateName(name)]);

    /// <summary>
    /// A child named by a tree that is already stored: not re-validated, so a walk over content written
    /// under older, looser rules (a name with a character refused since) still reaches every entry.
    /// </summary>
    public StoragePath Stored(string name) => new([.. Segments, name]);

    public bool IsSameOrAncestorOf(StoragePath other) =>
        Segments.Count <= other.Segments.Count && Segments.SequenceEqual(other.Segments.Take(Segments.Count), StringComparer.Ordinal);

    public bool Equals(StoragePath? other) => other is not null && Segments.SequenceEqual(other.Segments, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as StoragePath);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>NFC; a lone surrogate (text that is not Unicode at all, which .NET cannot normalise) is refused first.</summary>
    private static string Normalized(string text)
    {
        if (Ascii.IsValid(text))
            return text;
        if (!Utf16Valid(text))
            throw Invalid("Path contains a broken character (half of a UTF-16 surrogate pair); send the name as valid Unicode.");
        return text.Normalize(NormalizationForm.FormC);
    }

    private static bool Utf16Valid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
                return false;
            i++;
        }
        return true;
    }

    private static void ValidateSegment(string segment, string whole)
    {
        if (segment.Length == 0)
            throw Invalid($"Path contains an empty segment (\"{whole}\"); remove the doubled '/'.");
        if (segment is "." or "..")
            throw Invalid($"Path segment \"{segment}\" is not allowed: use a real folder name.");
        foreach (var rune in segment.EnumerateRunes())
        {
            if (rune.Value == '\\')
                throw Invalid($"Path segment \"{Printable(segment)}\" contains '\\'; use '/' to separate folders.");
            if (Rune.IsControl(rune))
                throw Invalid($"Path segment \"{Printable(segment)}\" contains a control character (U+{rune.Value:X4}); remove it.");
            if (DisguisingCharacters.IsRefused(rune))
                throw Invalid($"Path segment \"{Printable(segment)}\" contains {DisguisingCharacters.Description} (U+{rune.Value:X4}), "
                    + "which could disguise what the file is; remove it and type the name again.");
        }
        var bytes = Encoding.UTF8.GetByteCount(segment);
        if (bytes > MaxSegmentBytes)
            throw Invalid($"Path segment \"{segment[..Math.Min(segment.Length, 40)]}…\" is {bytes} bytes long; the limit is {MaxSegmentBytes} bytes of UTF-8.");
    }

    /// <summary>The segment with refused characters spelled out, so the message itself shows them and is not disguised.</summary>
    private static string Printable(string segment) =>
        string.Concat(segment.EnumerateRunes().Select(r => Rune.IsControl(r) || DisguisingCharacters.IsRefused(r) ? $"\\u{r.Value:X4}" : r.ToString()));

    private static StorageException Invalid(string message) => new(StorageException.InvalidPath, message);
}
