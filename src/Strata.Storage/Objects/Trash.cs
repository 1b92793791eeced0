namespace Strata.Storage.Objects;

/// <summary>
/// Where garbage collection puts what it takes from a live key before it deletes it for good: <c>trash/&lt;key&gt;</c>,
/// in the same store (a rename on a folder). A read that finds no object under a live key looks here and moves the
/// object back, so an object the collector took while a write in flight came to reference it is never lost
/// (docs/storage.md, "Garbage collection").
/// </summary>
public static class Trash
{
    public const string Prefix = "trash/";

    public static string KeyOf(string key) => Prefix + key;

    /// <summary>The live key a trash key came from.</summary>
    public static string LiveKeyOf(string trashKey) => trashKey[Prefix.Length..];

    /// <summary>
    /// Runs <paramref name="read"/>; when the object is missing, moves it back from the trash, if it is there, and reads
    /// again. Another reader restoring it at the same moment is no failure: the second read finds it live.
    /// </summary>
    public static async Task<T> ReadRestoringAsync<T>(IObjectStore objects, string key, Func<Task<T>> read, CancellationToken ct)
    {
        try
        {
            return await read();
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            await TryRestoreAsync(objects, key, ct);
            return await read();
        }
    }

    /// <summary>Moves the object back under its live key; false when the trash does not hold it.</summary>
    public static async Task<bool> TryRestoreAsync(IObjectStore objects, string key, CancellationToken ct)
    {
        try
        {
            await objects.MoveAsync(KeyOf(key), key, ct);
            return true;
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            return false;
        }
    }
}
