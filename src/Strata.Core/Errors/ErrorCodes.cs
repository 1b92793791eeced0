using Strata.Storage;

namespace Strata.Core.Errors;

/// <summary>
/// The stable machine codes of API.md, in one place. The codes the storage engine raises are declared by
/// the engine (<see cref="StorageException"/>) and named here, so the two can never drift apart.
/// </summary>
public static class ErrorCodes
{
    public const string Unauthenticated = "unauthenticated";
    public const string InvalidCredentials = "invalid_credentials";
    public const string Forbidden = "forbidden";
    public const string NotFound = StorageException.NotFound;
    public const string NameTaken = "name_taken";
    public const string EmailTaken = "email_taken";
    public const string ProtectedInstance = "protected_instance";
    public const string DistributedInstance = "distributed_instance";
    public const string SnapshotImmutable = "snapshot_immutable";
    public const string VersionConflict = StorageException.VersionConflict;
    public const string SnapshotLimitReached = "snapshot_limit_reached";
    public const string EmailMismatch = "email_mismatch";
    public const string InvitationExpired = "invitation_expired";
    public const string InvitationClosed = "invitation_closed";
    public const string LinkExpired = "link_expired";
    public const string LinkClosed = "link_closed";
    public const string InvalidName = "invalid_name";
    public const string InvalidPath = StorageException.InvalidPath;
    public const string InvalidEmail = "invalid_email";
    public const string InvalidRequest = "invalid_request";
    public const string RateLimited = "rate_limited";
    public const string Conflict = "conflict";
    public const string NotAFolder = StorageException.NotAFolder;
    public const string AlreadyExists = StorageException.AlreadyExists;
    public const string LimitExceeded = StorageException.LimitExceeded;
    public const string QuotaExceeded = "quota_exceeded";
    public const string HandinIncomplete = "handin_incomplete";
    public const string AssignmentClosed = "assignment_closed";
    public const string TooLarge = StorageException.TooLarge;
    public const string InsufficientStorage = StorageException.InsufficientStorage;
    public const string Unavailable = StorageException.Unavailable;
    public const string InternalError = "internal_error";
}
