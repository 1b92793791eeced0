using System.Text.Json;

namespace Strata.Cli.Sync;

/// <summary>A file as a manifest records it.</summary>
public sealed record FileRecord(string Hash, long Size);

/// <summary>
/// What a clone knows about its remote, in <c>.strata/state.json</c> at its root (never pushed): the server and the
/// instance it tracks, and the version and manifest (files and folders) it last synced with — the base that local and
/// remote changes are both measured from.
/// </summary>
public sealed class Tracking
{
    public const string Folder = ".strata";
    public const string FileName = "state.json";

    public string Server { get; set; } = "";

    public string Remote { get; set; } = "";

    public long Version { get; set; }

    public SortedDictionary<string, FileRecord> Files { get; set; } = new(StringComparer.Ordinal);

    public SortedSet<string> Folders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The clone that holds <paramref name="directory"/>: it or the nearest folder above it with a <c>.strata</c> folder.</summary>
    public static (string Root, Tracking Tracking) Find(string directory)
    {
        for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
        {
            var path = Path.Combine(at.FullName, Folder, FileName);
            if (File.Exists(path))
                return (at.FullName, Read(path));
        }
        throw new CliException("This folder is not a clone of an instance (no .strata folder here or above): run 'strata clone org/space/instance' first.");
    }

    public void Save(string root)
    {
        var folder = Path.Combine(root, Folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
            JsonSerializer.Serialize(stream, this, CliJson.Options);
        File.Move(temporary, path, overwrite: true);
    }

    private static Tracking Read(string path)
    {
        try
        {
            var tracking = JsonSerializer.Deserialize<Tracking>(File.ReadAllText(path), CliJson.Options) ?? throw new JsonException("empty");
            tracking.Files = new SortedDictionary<string, FileRecord>(tracking.Files, StringComparer.Ordinal);
            tracking.Folders = new SortedSet<string>(tracking.Folders, StringComparer.Ordinal);
            return tracking;
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is damaged ({e.Message}); clone the instance again into a new folder.");
        }
    }
}
