namespace Strata.Storage.Blobs;

/// <summary>The result of storing content: its id, its length, and whether it was new.</summary>
public readonly record struct BlobWriteResult(ContentId Id, long Size, bool Created);

/// <summary>
/// File contents stored once, addressed by their SHA-256. Implementations stream (never hold a whole
/// blob in memory) and never expose a partial blob under an id: a filesystem folder now, an
/// S3-compatible bucket later.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores the stream's bytes; storing content that exists already changes nothing.</summary>
    Task<BlobWriteResult> PutAsync(Stream content, CancellationToken ct);

    /// <summary>Opens a blob for reading; throws not_found when it does not exist.</summary>
    Task<Stream> OpenReadAsync(ContentId id, CancellationToken ct);

    Task<bool> ExistsAsync(ContentId id, CancellationToken ct);

    /// <summary>The blob's length, or null when it does not exist.</summary>
    Task<long?> GetSizeAsync(ContentId id, CancellationToken ct);

    /// <summary>Throws <see cref="StorageException"/> (unavailable) when the store cannot be reached now; for readiness checks.</summary>
    Task ProbeAsync(CancellationToken ct);
}
