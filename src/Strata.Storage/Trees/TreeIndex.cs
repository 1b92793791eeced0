using System.Text;

namespace Strata.Storage.Trees;

/// <summary>
/// The index of a wide folder: its chunks in name order (<see cref="Level"/> 1), or indexes of those
/// (level 2 and up). Chunk boundaries depend only on the names (<see cref="Chunker"/>), so one set of
/// entries always gives the same chunks, the same indexes and the same id.
/// </summary>
public sealed class TreeIndex : TreeNode
{
    internal const byte FormatVersion = 2;

    public TreeIndex(int level, IReadOnlyList<ChunkRef> children)
    {
        if (level is < 1 or > byte.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(level));
        if (children.Count == 0)
            throw new ArgumentException("An index holds at least one chunk.", nameof(children));
        Level = level;
        Children = children;
    }

    public int Level { get; }

    public IReadOnlyList<ChunkRef> Children { get; }

    public override long Weight => 64 + Children.Sum(c => 140L + 2 * c.LastName.Length);

    public override byte[] Encode()
    {
        using var buffer = new MemoryStream(16 + Children.Count * 100);
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        writer.Write(FormatVersion);
        writer.Write((byte)Level);
        writer.Write7BitEncodedInt(Children.Count);
        Span<byte> id = stackalloc byte[ContentId.ByteLength];
        foreach (var child in Children)
        {
            writer.Write(child.LastName);
            child.Id.WriteTo(id);
            writer.Write(id);
            writer.Write7BitEncodedInt64(child.Entries);
            writer.Write(child.Size);
            writer.Write(child.Files);
            writer.Write(child.ModifiedAt.UtcTicks);
        }
        writer.Flush();
        return buffer.ToArray();
    }

    public static new TreeIndex Decode(ReadOnlySpan<byte> bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8);
        if (reader.ReadByte() != FormatVersion)
            throw new InvalidDataException("Not a folder index.");
        var level = reader.ReadByte();
        var count = reader.Read7BitEncodedInt();
        var children = new ChunkRef[count];
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var id = ContentId.FromHash(reader.ReadBytes(ContentId.ByteLength));
            children[i] = new ChunkRef(name, id, reader.Read7BitEncodedInt64(), reader.ReadInt64(), reader.ReadInt64(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));
        }
        return new TreeIndex(level, children);
    }
}
