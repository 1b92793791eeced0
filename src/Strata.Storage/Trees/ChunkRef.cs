namespace Strata.Storage.Trees;

/// <summary>
/// One chunk of a wide folder as its index holds it: the last name in it, its id, and what is below it
/// (entries in the chunk, bytes and files of everything under them, newest change).
/// </summary>
public sealed record ChunkRef(string LastName, ContentId Id, long Entries, long Size, long Files, DateTimeOffset ModifiedAt)
{
    internal static int EncodedSize(string name) => 66 + System.Text.Encoding.UTF8.GetByteCount(name);

    internal FolderSummary Summary => new(Size, Files, ModifiedAt, Entries);

    internal static ChunkRef Of(ContentId id, Tree chunk) =>
        new(chunk.Entries[^1].Name, id, chunk.Entries.Count, chunk.TotalSize, chunk.FileCount, chunk.ModifiedAt);

    internal static ChunkRef Of(ContentId id, IReadOnlyList<ChunkRef> children) =>
        new(children[^1].LastName, id, children.Sum(c => c.Entries), children.Sum(c => c.Size), children.Sum(c => c.Files), children.Max(c => c.ModifiedAt));
}
