namespace Strata.Storage.Objects;

/// <summary>
/// Immutable objects by key: what a content store needs from a folder or an S3-compatible bucket, so blobs and
/// trees (<see cref="Blobs.ObjectBlobStore"/>, <see cref="Trees.ObjectTreeStore"/>) are written once over any of them.
/// Keys are relative, '/'-separated (<c>blobs/ab/cd/&lt;id&gt;</c>). An object appears whole under its key or not
/// at all, even when its source fails or the process dies mid-write. Failures are <see cref="StorageException"/>:
/// not_found for a missing key, unavailable for a store that does not answer.
/// </summary>
public interface IObjectStore
{
    /// <summary>
    /// Stores the stream's bytes (of a length known only at its end) under the key and returns how many there
    /// were. Streams: never holds the whole object in memory. Putting a key that exists replaces it; callers
    /// keep objects immutable by putting under a key only the bytes it names.
    /// </summary>
    Task<long> PutAsync(string key, Stream content, CancellationToken ct);

    /// <summary>
    /// Opens the object, or the range of it, for reading; throws not_found when there is none. The stream can
    /// seek within what was asked, so a caller can serve HTTP ranges from it.
    /// </summary>
    Task<Stream> OpenReadAsync(string key, ObjectRange? range, CancellationToken ct);

    /// <summary>The object's length, or null when there is none.</summary>
    Task<long?> GetSizeAsync(string key, CancellationToken ct);

    Task<bool> ExistsAsync(string key, CancellationToken ct);

    /// <summary>Removes the object; removing one that is not there is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>
    /// Copies an object to another key inside the store (the bytes do not come back to this process where the
    /// store can avoid it); throws not_found when the source is missing.
    /// </summary>
    Task CopyAsync(string sourceKey, string destinationKey, CancellationToken ct);

    /// <summary>
    /// Puts the object under another key and removes it from its own: a rename where the store has one (a folder), so
    /// the bytes are written once; a copy inside the store and a delete elsewhere. Throws not_found when the source is missing.
    /// </summary>
    Task MoveAsync(string sourceKey, string destinationKey, CancellationToken ct);

    /// <summary>Throws <see cref="StorageException"/> (unavailable) when the store cannot be reached now; for readiness checks.</summary>
    Task ProbeAsync(CancellationToken ct);

    /// <summary>
    /// Every object whose key starts with <paramref name="prefix"/> (such as <c>blobs/</c>), with its size and when it
    /// was last written, in no particular order, read a page at a time (garbage collection walks a whole store this
    /// way). Writes still in flight are not objects yet and are not listed.
    /// </summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken ct);
}

/// <summary>One object as a listing shows it.</summary>
public readonly record struct StoredObject(string Key, long Size, DateTimeOffset LastWritten);
