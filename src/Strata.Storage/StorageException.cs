namespace Strata.Storage;

/// <summary>An expected refusal of the content engine, with a stable code the host maps to HTTP.</summary>
public class StorageException(string code, string message) : Exception(message)
{
    public const string InvalidPath = "invalid_path";
    public const string NotFound = "not_found";
    public const string NotAFolder = "not_a_folder";
    public const string AlreadyExists = "already_exists";
    public const string VersionConflict = "version_conflict";

    public string Code { get; } = code;
}
