using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Strata.Storage;

/// <summary>The SHA-256 of an object's bytes: the address of a blob or a tree.</summary>
public readonly struct ContentId : IEquatable<ContentId>, IComparable<ContentId>
{
    public const int ByteLength = 32;

    // Four big-endian words: equality and ordering without an array per id.
    private readonly ulong a, b, c, d;

    private ContentId(ReadOnlySpan<byte> hash)
    {
        a = BinaryPrimitives.ReadUInt64BigEndian(hash);
        b = BinaryPrimitives.ReadUInt64BigEndian(hash[8..]);
        c = BinaryPrimitives.ReadUInt64BigEndian(hash[16..]);
        d = BinaryPrimitives.ReadUInt64BigEndian(hash[24..]);
    }

    public static ContentId FromHash(ReadOnlySpan<byte> hash) =>
        hash.Length == ByteLength ? new ContentId(hash) : throw new ArgumentException($"A content id is {ByteLength} bytes.", nameof(hash));

    public static ContentId Compute(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[ByteLength];
        SHA256.HashData(content, hash);
        return new ContentId(hash);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], d);
    }

    public static ContentId Parse(string hex) =>
        TryParse(hex, out var id) ? id : throw new FormatException($"\"{hex}\" is not a content id: expected 64 hexadecimal digits.");

    public static bool TryParse([NotNullWhen(true)] string? hex, out ContentId id)
    {
        id = default;
        if (hex is null || hex.Length != ByteLength * 2)
            return false;
        Span<byte> bytes = stackalloc byte[ByteLength];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != ByteLength)
            return false;
        id = new ContentId(bytes);
        return true;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public bool Equals(ContentId other) => a == other.a && b == other.b && c == other.c && d == other.d;

    public override bool Equals(object? obj) => obj is ContentId other && Equals(other);

    public override int GetHashCode() => (int)a ^ (int)(a >> 32);

    public int CompareTo(ContentId other)
    {
        var result = a.CompareTo(other.a);
        if (result == 0) result = b.CompareTo(other.b);
        if (result == 0) result = c.CompareTo(other.c);
        return result == 0 ? d.CompareTo(other.d) : result;
    }

    public static bool operator ==(ContentId left, ContentId right) => left.Equals(right);

    public static bool operator !=(ContentId left, ContentId right) => !left.Equals(right);

    public static bool operator <(ContentId left, ContentId right) => left.CompareTo(right) < 0;

    public static bool operator >(ContentId left, ContentId right) => left.CompareTo(right) > 0;

    public static bool operator <=(ContentId left, ContentId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ContentId left, ContentId right) => left.CompareTo(right) >= 0;
}
