using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Strata.Core.Errors;
using Strata.Server.Api;
using Strata.Storage;

namespace Strata.Server.Errors;

/// <summary>
/// Turns exceptions into problem+json: domain and storage errors keep their code and detail; anything
/// unexpected is logged and answered with a generic 500 that leaks no internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException domain => Problems.For(domain),
            // A save refused before it reached the database (a guard of the provider seam): EF wraps it.
            Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: DomainException domain } => Problems.For(domain),
            StorageException storage => Problems.For(storage.Code, storage.Message),
            IOException io when StorageException.ForFullDisk(io) is { } full => Problems.For(full.Code, full.Message),
            // The database's disk is full: the change was rolled back; say so, not "something went wrong".
            Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 13 } or Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 13 } }
                => Problems.For(ErrorCodes.InsufficientStorage, "The server's database disk is full, so nothing was changed. Reading works as before; ask the operator to free or add space."),
            // Framework messages name internal types and give advice meant for developers: say it in our words.
            BadHttpRequestException { InnerException: FieldValueException field } => Problems.For(ErrorCodes.InvalidRequest,
                $"The field '{FieldName(field.Path)}' must be {field.Expected}."),
            BadHttpRequestException { InnerException: JsonException json } => Problems.For(ErrorCodes.InvalidRequest,
                string.IsNullOrEmpty(json.Path) || json.Path == "$"
                    ? "The request body is not valid JSON for this endpoint. Check the fields and their types in the API reference at /docs/api."
                    : $"The field '{FieldName(json.Path)}' has a value of the wrong type or form. Check the fields and their types in the API reference at /docs/api."),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad when BoundParameter(bad.Message) is { } parameter =>
                Problems.For(ErrorCodes.InvalidRequest, $"The parameter '{parameter}' has a value it cannot take. See the API reference at /docs/api."),
            BadHttpRequestException bad => Problems.For(StatusCodeProblems.CodeFor(bad.StatusCode),
                bad.StatusCode == StatusCodes.Status400BadRequest ? "This endpoint needs a JSON body. See the API reference at /docs/api." : StatusCodeProblems.DetailFor(bad.StatusCode),
                status: bad.StatusCode),
            _ when LostDependency.Describe(exception) is { } lost => Problems.For(ErrorCodes.Unavailable, lost),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = Problems.For(ErrorCodes.InternalError,
                $"The server could not complete the request. Tell the operator this trace id: {context.TraceIdentifier}.");
        }
        context.Response.Clear();
        if (exception is RateLimitedException limited)
            Strata.Server.Auth.RateLimits.SetRetryAfter(context.Response, limited);
        if (!Problems.IsApiRequest(context.Request))
        {
            await ErrorPage.WriteAsync(context, problem);
            return true;
        }
        await problem.ExecuteAsync(context);
        return true;
    }

    /// <summary>"$.content.paths[2]" → "content.paths[2]": the field as the caller wrote it.</summary>
    private static string FieldName(string? path) =>
        path is null || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The parameter a query or route value failed to bind to ('Failed to bind parameter "bool? meta" from "yes".').</summary>
    private static string? BoundParameter(string message) =>
        BindFailure().Match(message) is { Success: true } match ? match.Groups[1].Value : null;

    [System.Text.RegularExpressions.GeneratedRegex("""^Failed to bind parameter "(?:[^"]* )?(\w+)" from""")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();
}
