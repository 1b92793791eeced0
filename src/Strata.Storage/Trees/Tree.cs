using System.Text;

namespace Strata.Storage.Trees;

/// <summary>
/// An immutable folder, or one chunk of a wide one: entries sorted by ordinal name. Its canonical
/// encoding is deterministic, so equal folders have equal ids and identical subtrees can be skipped by
/// comparing ids. Read through <see cref="Folders.GetAsync"/>, a Tree is always the whole folder.
/// </summary>
public sealed class Tree : TreeNode
{
    internal const byte FormatVersion = 1;

    public static readonly Tree Empty = new([]);

    public static readonly ContentId EmptyId = Empty.ComputeId();

    public Tree(IEnumerable<TreeEntry> entries)
        : this([.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)], sorted: true)
    {
    }

    /// <summary>Entries already in ordinal name order (chunks put together in order): no sort.</summary>
    internal Tree(List<TreeEntry> entries, bool sorted)
    {
        if (!sorted)
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Name == entries[i - 1].Name)
                throw new ArgumentException($"A folder cannot hold two entries named \"{entries[i].Name}\".", nameof(entries));
        }
        Entries = entries;
    }

    public IReadOnlyList<TreeEntry> Entries { get; }

    public long TotalSize => Entries.Sum(e => e.Size);

    public long FileCount => Entries.Sum(e => e.FileCount);

    public DateTimeOffset ModifiedAt => Entries.Count == 0 ? DateTimeOffset.UnixEpoch : Entries.Max(e => e.ModifiedAt);

    /// <summary>The entry of that name, by binary search over the sorted entries.</summary>
    public TreeEntry? Find(string name)
    {
        int low = 0, high = Entries.Count - 1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var order = string.CompareOrdinal(Entries[middle].Name, name);
            if (order == 0)
                return Entries[middle];
            if (order < 0)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return null;
    }

    public ContentId ComputeId() => ContentId.Compute(Encode());

    public override long Weight => 64 + Entries.Sum(e => 160L + 2 * e.Name.Length);

    /// <summary>The bytes one entry takes in the encoding (near enough: the name's length prefix may be longer).</summary>
    internal static int EncodedSize(string name) => 59 + System.Text.Encoding.UTF8.GetByteCount(name);

    public override byte[] Encode()
    {
        using var buffer = new MemoryStream(16 + Entries.Count * 80);
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        writer.Write(FormatVersion);
        writer.Write7BitEncodedInt(Entries.Count);
        Span<byte> id = stackalloc byte[ContentId.ByteLength];
        foreach (var entry in Entries)
        {
            writer.Write((byte)entry.Kind);
            writer.Write(entry.Name);
            entry.Id.WriteTo(id);
            writer.Write(id);
            writer.Write(entry.Size);
            writer.Write(entry.ModifiedAt.UtcTicks);
            writer.Write(entry.FileCount);
        }
        writer.Flush();
        return buffer.ToArray();
    }

    public static new Tree Decode(ReadOnlySpan<byte> bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != FormatVersion)
            throw new InvalidDataException($"Unknown tree format {version}.");
        var count = reader.Read7BitEncodedInt();
        var entries = new TreeEntry[count];
        for (var i = 0; i < count; i++)
        {
            var kind = (EntryKind)reader.ReadByte();
            var name = reader.ReadString();
            var id = ContentId.FromHash(reader.ReadBytes(ContentId.ByteLength));
            var size = reader.ReadInt64();
            var modified = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var files = reader.ReadInt64();
            entries[i] = new TreeEntry(name, kind, id, size, modified, files);
        }
        return new Tree(entries);
    }
}
