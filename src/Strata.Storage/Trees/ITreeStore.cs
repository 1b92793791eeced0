namespace Strata.Storage.Trees;

/// <summary>Durable storage of immutable trees by id. Putting a tree that exists changes nothing.</summary>
public interface ITreeStore
{
    /// <summary>Reads a tree; throws not_found when no tree has this id.</summary>
    Task<Tree> GetAsync(ContentId id, CancellationToken ct);

    /// <summary>Stores a tree and returns its id.</summary>
    Task<ContentId> PutAsync(Tree tree, CancellationToken ct);
}
