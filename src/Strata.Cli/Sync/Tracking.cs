using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Cli.Sync;

/// <summary>A file as a manifest records it.</summary>
public sealed record FileRecord(string Hash, long Size);

/// <summary>
/// What a clone knows about its remote, in <c>.strata/</c> at its root (never pushed): <c>state.json</c> holds the
/// server, the instance and the version last synced; <c>manifest.tsv</c> the files and folders of that version — the
/// base that local and remote changes are both measured from. The manifest is a line per entry (names cannot hold
/// tabs or line breaks: the server refuses control characters) and is read only when a command needs it: a pull with
/// nothing new reads the version alone.
/// </summary>
public sealed class Tracking
{
    public const string Folder = ".strata";
    public const string FileName = "state.json";
    private const string ManifestFile = "manifest.tsv";

    private Dictionary<string, FileRecord>? files;
    private HashSet<string>? folders;

    public string Server { get; set; } = "";

    public string Remote { get; set; } = "";

    public long Version { get; set; }

    [JsonIgnore]
    public string Root { get; private set; } = "";

    [JsonIgnore]
    public Dictionary<string, FileRecord> Files
    {
        get => files ?? Load().Files;
        set => files = value;
    }

    [JsonIgnore]
    public HashSet<string> Folders
    {
        get => folders ?? Load().Folders;
        set => folders = value;
    }

    public static Tracking New(string root, string server, string remote) =>
        new() { Root = root, Server = server, Remote = remote, files = new(StringComparer.Ordinal), folders = new(StringComparer.Ordinal) };

    /// <summary>The clone that holds <paramref name="directory"/>: it or the nearest folder above it with a <c>.strata</c> folder.</summary>
    public static (string Root, Tracking Tracking) Find(string directory)
    {
        for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
        {
            var path = Path.Combine(at.FullName, Folder, FileName);
            if (File.Exists(path))
                return (at.FullName, Read(at.FullName, path));
        }
        throw new CliException("This folder is not a clone of an instance (no .strata folder here or above): run 'strata clone org/space/instance' first.");
    }

    public void Save()
    {
        var folder = Path.Combine(Root, Folder);
        Directory.CreateDirectory(folder);
        if (files is not null && folders is not null)
        {
            var manifest = new StringBuilder();
            foreach (var (path, file) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
                manifest.Append("F\t").Append(file.Hash).Append('\t').Append(file.Size.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(path).Append('\n');
            foreach (var path in folders.Order(StringComparer.Ordinal))
                manifest.Append("D\t").Append(path).Append('\n');
            Replace(Path.Combine(folder, ManifestFile), manifest.ToString());
        }
        Replace(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, CliJson.Options));
    }

    private (Dictionary<string, FileRecord> Files, HashSet<string> Folders) Load()
    {
        files = new Dictionary<string, FileRecord>(StringComparer.Ordinal);
        folders = new HashSet<string>(StringComparer.Ordinal);
        var path = Path.Combine(Root, Folder, ManifestFile);
        if (!File.Exists(path))
            return (files, folders);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t', 4);
            if (parts is ["F", var hash, var size, var name])
                files[name] = new FileRecord(hash, long.Parse(size, CultureInfo.InvariantCulture));
            else if (parts is ["D", var folder])
                folders.Add(folder);
            else if (line.Length > 0)
                throw new CliException($"{path} is damaged; clone the instance again into a new folder.");
        }
        return (files, folders);
    }

    private static Tracking Read(string root, string path)
    {
        try
        {
            var tracking = JsonSerializer.Deserialize<Tracking>(File.ReadAllText(path), CliJson.Options) ?? throw new JsonException("empty");
            tracking.Root = root;
            return tracking;
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is damaged ({e.Message}); clone the instance again into a new folder.");
        }
    }

    /// <summary>Writes a file whole or not at all: a crash leaves the old one.</summary>
    internal static void Replace(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
