namespace Strata.Storage.Trees;

/// <summary>
/// One stored folder object. A folder whose entries fit one chunk is one <see cref="Tree"/> (the format
/// of every folder before chunking, so small folders keep their ids); a wider folder is a
/// <see cref="TreeIndex"/> over chunks of its entries. Both are immutable and addressed by the hash of
/// their encoding.
/// </summary>
public abstract class TreeNode
{
    public abstract byte[] Encode();

    /// <summary>Roughly what the decoded node costs in memory, for caches bounded by bytes.</summary>
    public abstract long Weight { get; }

    public static TreeNode Decode(ReadOnlySpan<byte> bytes) => bytes.IsEmpty
        ? throw new InvalidDataException("An empty folder object.")
        : bytes[0] switch
        {
            Tree.FormatVersion => Tree.Decode(bytes),
            TreeIndex.FormatVersion => TreeIndex.Decode(bytes),
            var version => throw new InvalidDataException($"Unknown folder object format {version}."),
        };
}
