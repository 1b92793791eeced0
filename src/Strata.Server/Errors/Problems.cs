using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Errors;

namespace Strata.Server.Errors;

/// <summary>The one place where a stable error code becomes an HTTP status and a problem+json body.</summary>
public static class Problems
{
    private static readonly Dictionary<string, (int Status, string Title)> Table = new()
    {
        [ErrorCodes.Unauthenticated] = (401, "Authentication required"),
        [ErrorCodes.InvalidCredentials] = (401, "Wrong email or password"),
        [ErrorCodes.Forbidden] = (403, "Not allowed"),
        [ErrorCodes.NotFound] = (404, "Not found"),
        [ErrorCodes.NameTaken] = (409, "Name already taken"),
        [ErrorCodes.EmailTaken] = (409, "Email already registered"),
        [ErrorCodes.ProtectedInstance] = (409, "Protected instance"),
        [ErrorCodes.DistributedInstance] = (409, "Not possible in Distributed"),
        [ErrorCodes.SnapshotImmutable] = (409, "Snapshots are immutable"),
        [ErrorCodes.VersionConflict] = (412, "Changed meanwhile"),
        [ErrorCodes.SnapshotLimitReached] = (409, "Snapshot limit reached"),
        [ErrorCodes.EmailMismatch] = (409, "Invitation is for another email"),
        [ErrorCodes.InvitationExpired] = (410, "Invitation expired"),
        [ErrorCodes.InvitationClosed] = (410, "Invitation closed"),
        [ErrorCodes.LinkExpired] = (410, "Link expired"),
        [ErrorCodes.LinkClosed] = (410, "Link no longer valid"),
        [ErrorCodes.InvalidName] = (400, "Invalid name"),
        [ErrorCodes.InvalidPath] = (400, "Invalid path"),
        [ErrorCodes.InvalidEmail] = (400, "Invalid email"),
        [ErrorCodes.InvalidRequest] = (400, "Invalid request"),
        [ErrorCodes.RateLimited] = (429, "Too many requests"),
        [ErrorCodes.Conflict] = (409, "Conflict"),
        [ErrorCodes.NotAFolder] = (409, "Not a folder"),
        [ErrorCodes.AlreadyExists] = (409, "Already exists"),
        [ErrorCodes.LimitExceeded] = (409, "Over a limit"),
        [ErrorCodes.QuotaExceeded] = (409, "Over the instance's quota"),
        [ErrorCodes.HandinIncomplete] = (409, "Hand-in incomplete"),
        [ErrorCodes.AssignmentClosed] = (409, "Assignment closed"),
        [ErrorCodes.TooLarge] = (413, "Too large"),
        [ErrorCodes.InsufficientStorage] = (507, "Storage full"),
        [ErrorCodes.Unavailable] = (503, "Service unavailable"),
        [ErrorCodes.InternalError] = (500, "Something went wrong"),
    };

    public static int StatusOf(string code) => Table.TryGetValue(code, out var entry) ? entry.Status : 400;

    public static ProblemHttpResult For(string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null, int? status = null)
    {
        var (tableStatus, title) = Table.TryGetValue(code, out var entry) ? entry : (400, "Invalid request");
        var all = new Dictionary<string, object?> { ["code"] = code };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
                all[key] = value;
        }
        return TypedResults.Problem(detail, statusCode: status ?? tableStatus, title: title, extensions: all);
    }

    public static ProblemHttpResult For(DomainException exception) =>
        For(exception.Code, exception.Detail, exception.Extensions);

    public static Task WriteAsync(HttpContext context, string code, string detail, int? status = null) =>
        For(code, detail, status: status).ExecuteAsync(context);

    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
