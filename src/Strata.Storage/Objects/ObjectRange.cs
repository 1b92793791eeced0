namespace Strata.Storage.Objects;

/// <summary>
/// Part of an object: from a byte offset, and at most <see cref="Length"/> bytes (to the end when null), as an
/// HTTP range asks for.
/// </summary>
public readonly record struct ObjectRange
{
    public ObjectRange(long from, long? length = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        if (length is { } count)
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(length));
        From = from;
        Length = length;
    }

    public long From { get; }

    public long? Length { get; }

    /// <summary>The window this range leaves of an object of a given size: its start and its length.</summary>
    public (long Start, long Length) Within(long size)
    {
        var start = Math.Min(From, size);
        return (start, Math.Min(size - start, Length ?? long.MaxValue));
    }
}
