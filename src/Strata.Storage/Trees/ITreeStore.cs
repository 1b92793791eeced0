namespace Strata.Storage.Trees;

/// <summary>
/// Durable storage of immutable folder objects by id (<see cref="Folders"/> reads and writes whole
/// folders over it). Putting an object that exists changes nothing.
/// </summary>
public interface ITreeStore
{
    /// <summary>Reads a folder object; throws not_found when none has this id.</summary>
    Task<TreeNode> GetNodeAsync(ContentId id, CancellationToken ct);

    /// <summary>Stores a folder object and returns its id.</summary>
    Task<ContentId> PutNodeAsync(TreeNode node, CancellationToken ct);

    /// <summary>
    /// The bytes stored under <paramref name="id"/>, read from the store itself and never from a cache, unchecked:
    /// for the integrity check, which hashes them. Throws not_found when none are stored.
    /// </summary>
    Task<byte[]> ReadStoredAsync(ContentId id, CancellationToken ct);
}
