namespace Strata.Storage.Trees;

public enum EntryKind : byte
{
    File = 1,
    Folder = 2,
}

/// <summary>
/// One name in a folder. For a file, <see cref="Id"/> is its blob and <see cref="Size"/> its length;
/// for a folder, the id of its tree, the bytes of everything below it and how many files that is.
/// </summary>
public sealed record TreeEntry(string Name, EntryKind Kind, ContentId Id, long Size, DateTimeOffset ModifiedAt, long FileCount)
{
    public bool IsFolder => Kind == EntryKind.Folder;

    public static TreeEntry File(string name, ContentId blob, long size, DateTimeOffset modifiedAt) =>
        new(name, EntryKind.File, blob, size, modifiedAt.ToUniversalTime(), 1);

    public TreeEntry Renamed(string name) => this with { Name = name };
}
