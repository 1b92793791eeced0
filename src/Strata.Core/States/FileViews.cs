using System.Text.Json.Serialization;
using Strata.Storage.Trees;

namespace Strata.Core.States;

/// <summary>API.md's file entry: hash is the content id of a file (a folder's is its tree id).</summary>
/// <remarks><see cref="Status"/> appears in current-state listings: new, changed or unchanged since the latest snapshot.
/// <see cref="DeliveredBy"/> appears in a file's metadata when a distribution delivered it.</remarks>
public sealed record FileEntryView(
    string Name,
    string Kind,
    long Size,
    string Hash,
    DateTimeOffset ModifiedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Distributions.DeliveredByView? DeliveredBy = null)
{
    public static FileEntryView Of(TreeEntry entry) =>
        new(entry.Name, entry.IsFolder ? "folder" : "file", entry.Size, entry.Id.ToString(), entry.ModifiedAt);

    /// <summary>Compares ids only: a folder whose id equals the snapshot's is unchanged all the way down.</summary>
    public static FileEntryView Of(TreeEntry entry, TreeEntry? inLatestSnapshot) => Of(entry) with
    {
        Status = inLatestSnapshot is null || inLatestSnapshot.Kind != entry.Kind ? "new" : inLatestSnapshot.Id == entry.Id ? "unchanged" : "changed",
    };
}

public sealed record FolderView(string Path, IReadOnlyList<FileEntryView> Entries);

/// <summary>What a read found: a folder listing, or a file whose bytes are in the blob store.</summary>
public sealed record StateRead(FolderView? Folder, TreeEntry? File, long? Version, Guid InstanceId);

/// <summary>The result of a write to the current state.</summary>
public sealed record FileWrite(FileEntryView Entry, bool Created, long Version);

public sealed record ChangeView(string Path, string Change);

public sealed record DiffView(IReadOnlyList<ChangeView> Changes);
