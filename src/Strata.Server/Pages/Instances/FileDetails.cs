using Strata.Core.Access;
using Strata.Core.Distributions;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Server.Pages.Instances;

/// <summary>
/// One file of the current state as the details panel shows it: where it came from (the distribution that
/// delivered exactly this content, if any) and a preview of text and pictures.
/// </summary>
public sealed record FileDetails(string Path, TreeEntry Entry, DeliveredByView? From, string? Text, bool Truncated, bool Image)
{
    public const int PreviewBytes = 64 * 1024;

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".md", ".txt", ".py", ".r", ".jl", ".m", ".c", ".h", ".cpp", ".cs", ".java", ".js", ".ts", ".json", ".csv", ".tsv", ".tex", ".bib",
        ".yaml", ".yml", ".toml", ".ini", ".sh", ".sql", ".html", ".css", ".xml", ".rst", ".ipynb", ".log",
    };

    // SVG is left out on purpose: it can carry script, and a preview should never run anything.
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".webp" };

    public static async Task<FileDetails?> LoadAsync(Actor actor, InstanceAddress at, string path, FileService files, Provenance provenance, CancellationToken ct)
    {
        var read = await files.ReadAsync(actor, at, FileService.Current, path, ct);
        if (read.File is not { } file)
            return null;
        var from = await provenance.FindAsync(read.InstanceId, StoragePath.Parse(path), file, ct);
        var extension = System.IO.Path.GetExtension(file.Name);
        if (ImageExtensions.Contains(extension))
            return new FileDetails(path, file, from, null, false, Image: true);
        if (!TextExtensions.Contains(extension))
            return new FileDetails(path, file, from, null, false, false);
        await using var stream = await files.OpenAsync(file, ct);
        var buffer = new byte[Math.Min(file.Size, PreviewBytes)];
        await stream.ReadExactlyAsync(buffer, ct);
        return new FileDetails(path, file, from, Decode(buffer), file.Size > PreviewBytes, false);
    }

    /// <summary>UTF-8 text as the editor reads it, or null for binary content; a cut in the middle of a character at the end is forgiven.</summary>
    private static string? Decode(byte[] bytes)
    {
        for (var cut = 0; cut < 4 && cut <= bytes.Length; cut++)
        {
            if (TextFile.Shown(bytes.AsSpan(0, bytes.Length - cut)) is { } text)
                return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        return null;
    }
}
