namespace Strata.Storage.Objects;

/// <summary>
/// The key layout every object store shares with the folder stores (<see cref="AtomicFile.ObjectPath"/>):
/// <c>blobs/ab/cd/&lt;id&gt;</c> and <c>trees/ab/cd/&lt;id&gt;</c>, so content can move between them as files.
/// </summary>
public static class ObjectKeys
{
    public const string Blobs = "blobs";
    public const string Trees = "trees";

    /// <summary>Where writes whose key is not known yet go first (a blob's id is known only after its last byte).</summary>
    public const string Temporary = "tmp";

    public static string Of(string kind, ContentId id)
    {
        var hex = id.ToString();
        return $"{kind}/{hex[..2]}/{hex[2..4]}/{hex}";
    }

    public static string NewTemporary() => $"{Temporary}/{Guid.NewGuid():N}";

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless the key is relative, '/'-separated, and every segment is a
    /// plain name (no "..", no hidden or empty segment, no backslash): a key can never leave its store's folder.
    /// </summary>
    public static void Check(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.' || segment.Contains('\\', StringComparison.Ordinal) || segment.Any(char.IsControl))
                throw new ArgumentException($"\"{key}\" is not an object key: '/'-separated plain names, none empty or starting with a dot.", nameof(key));
        }
    }
}
