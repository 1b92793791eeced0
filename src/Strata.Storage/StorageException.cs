namespace Strata.Storage;

/// <summary>An expected refusal of the content engine, with a stable code the host maps to HTTP.</summary>
public class StorageException(string code, string message) : Exception(message)
{
    public const string InvalidPath = "invalid_path";
    public const string NotFound = "not_found";
    public const string NotAFolder = "not_a_folder";
    public const string AlreadyExists = "already_exists";
    public const string VersionConflict = "version_conflict";
    public const string LimitExceeded = "limit_exceeded";
    public const string TooLarge = "too_large";
    public const string InsufficientStorage = "insufficient_storage";
    public const string Unavailable = "unavailable";

    public string Code { get; } = code;

    /// <summary>
    /// insufficient_storage, with a sentence, for a write that failed because the disk is full (ENOSPC on
    /// Linux, ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL on Windows); null for any other failure.
    /// </summary>
    public static StorageException? ForFullDisk(Exception failure) =>
        failure is IOException { HResult: 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027) }
            ? new StorageException(InsufficientStorage,
                "The server's content store is full, so nothing was written. Reading works as before; ask the operator to free or add space.")
            : null;
}
