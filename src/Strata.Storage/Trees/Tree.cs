using System.Text;

namespace Strata.Storage.Trees;

/// <summary>
/// An immutable folder: entries sorted by ordinal name. Its canonical encoding is deterministic,
/// so equal folders have equal ids and identical subtrees can be skipped by comparing ids.
/// </summary>
public sealed class Tree
{
    private const byte FormatVersion = 1;

    public static readonly Tree Empty = new([]);

    public static readonly ContentId EmptyId = Empty.ComputeId();

    private readonly Dictionary<string, TreeEntry> byName;

    public Tree(IEnumerable<TreeEntry> entries)
    {
        Entries = [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)];
        byName = new Dictionary<string, TreeEntry>(Entries.Count, StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            if (!byName.TryAdd(entry.Name, entry))
                throw new ArgumentException($"A folder cannot hold two entries named \"{entry.Name}\".", nameof(entries));
        }
    }

    public IReadOnlyList<TreeEntry> Entries { get; }

    public long TotalSize => Entries.Sum(e => e.Size);

    public long FileCount => Entries.Sum(e => e.FileCount);

    public DateTimeOffset ModifiedAt => Entries.Count == 0 ? DateTimeOffset.UnixEpoch : Entries.Max(e => e.ModifiedAt);

    public TreeEntry? Find(string name) => byName.GetValueOrDefault(name);

    public ContentId ComputeId() => ContentId.Compute(Encode());

    public byte[] Encode()
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

    public static Tree Decode(ReadOnlySpan<byte> bytes)
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
