using System.Text;
using Strata.Core.Errors;
using Strata.Storage;

namespace Strata.Server.Pages.Instances;

/// <summary>
/// Where each file of an upload goes when the user did not choose to replace (SPEC §4): a file whose
/// path exists gets " (1)", " (2)"… beside the existing one, an uploaded folder merges into the
/// existing folder of that name, and only a file standing where a folder goes renames that folder.
/// wwwroot/js/upload.js places files the same way in the browser.
/// </summary>
/// <param name="into">The folder the upload goes into (empty for the root).</param>
/// <param name="list">The names in an existing folder and whether each is a folder; empty when the folder does not exist.</param>
public sealed class UploadPlacement(string? into, Func<string, CancellationToken, Task<IEnumerable<(string Name, bool IsFolder)>>> list)
{
    private readonly string root = into ?? "";

    // Names taken so far in each destination folder, by its path: listed once, then grown as files are placed.
    private readonly Dictionary<string, Taken> taken = new(StringComparer.Ordinal);

    // Where each uploaded folder went, by its path inside the upload, so all its files land together.
    private readonly Dictionary<string, string> folders = new(StringComparer.Ordinal);

    /// <summary>The destination of a file given by its path inside the upload ("notes.md" or "project/notes.md"), and whether it had to be renamed.</summary>
    public async Task<(string Path, bool Renamed)> PlaceAsync(string relative, CancellationToken ct)
    {
        // Compare as the store does: it keeps names NFC-normalised, and macOS sends file names decomposed.
        var segments = relative.Normalize(NormalizationForm.FormC).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
            throw new DomainException(ErrorCodes.InvalidPath, "An uploaded file has no name.");
        var (uploaded, placed) = ("", root);
        foreach (var segment in segments[..^1])
        {
            uploaded = Join(uploaded, segment);
            if (!folders.TryGetValue(uploaded, out var folder))
            {
                var here = await TakenAsync(placed, ct);
                var merges = here.Folders.Contains(segment);
                var name = merges ? segment : NumberedNames.Unique(segment, here.Names);
                here.Add(name, isFolder: true);
                folder = Join(placed, name);
                if (!merges)
                    taken[folder] = new Taken(); // a new folder: nothing there to clash with, no need to ask
                folders[uploaded] = folder;
            }
            placed = folder;
        }

        var files = await TakenAsync(placed, ct);
        var file = NumberedNames.Unique(segments[^1], files.Names);
        files.Add(file, isFolder: false);
        var path = Join(placed, file);
        return (path, path != Join(root, string.Join('/', segments)));
    }

    private async Task<Taken> TakenAsync(string folder, CancellationToken ct)
    {
        if (!taken.TryGetValue(folder, out var names))
        {
            names = new Taken();
            foreach (var (name, isFolder) in await list(folder, ct))
                names.Add(name, isFolder);
            taken[folder] = names;
        }
        return names;
    }

    private static string Join(string folder, string name) => folder.Length == 0 ? name : $"{folder}/{name}";

    private sealed class Taken
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Folders { get; } = new(StringComparer.Ordinal);

        public void Add(string name, bool isFolder)
        {
            Names.Add(name);
            if (isFolder)
                Folders.Add(name);
        }
    }
}
