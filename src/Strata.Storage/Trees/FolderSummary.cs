namespace Strata.Storage.Trees;

/// <summary>What a folder's entry in its parent says of it: bytes and files below it, newest change, and how many entries it has.</summary>
public sealed record FolderSummary(long TotalSize, long FileCount, DateTimeOffset ModifiedAt, long Entries)
{
    public static readonly FolderSummary Empty = new(0, 0, DateTimeOffset.UnixEpoch, 0);
}
