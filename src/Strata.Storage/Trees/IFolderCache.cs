namespace Strata.Storage.Trees;

/// <summary>
/// A store that also keeps whole wide folders, put together from their chunks, in its bounded cache:
/// reading a wide folder again then costs what reading a one-object folder costs.
/// </summary>
public interface IFolderCache
{
    bool TryGetFolder(ContentId id, out Tree folder);

    void RememberFolder(ContentId id, Tree folder);
}
