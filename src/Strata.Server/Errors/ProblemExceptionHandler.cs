using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Strata.Core.Errors;
using Strata.Storage;

namespace Strata.Server.Errors;

/// <summary>
/// Turns exceptions into problem+json: domain and storage errors keep their code and detail; anything
/// unexpected is logged and answered with a generic 500 that leaks no internals.
/// </summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException domain => Problems.For(domain),
            StorageException storage => Problems.For(storage.Code, storage.Message),
            IOException io when StorageException.ForFullDisk(io) is { } full => Problems.For(full.Code, full.Message),
            // The database's disk is full: the change was rolled back; say so, not "something went wrong".
            Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 13 } or Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 13 } }
                => Problems.For(ErrorCodes.InsufficientStorage, "The server's database disk is full, so nothing was changed. Reading works as before; ask the operator to free or add space."),
            // Framework messages name internal types and give advice meant for developers: say it in our words.
            BadHttpRequestException { InnerException: JsonException json } => Problems.For(ErrorCodes.InvalidRequest,
                $"The request body is not valid JSON for this endpoint{(string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $" (at {json.Path})")}. Check the fields and their types in the API reference at /docs/api."),
            BadHttpRequestException bad => Problems.For(StatusCodeProblems.CodeFor(bad.StatusCode),
                bad.StatusCode == StatusCodes.Status400BadRequest ? "This endpoint needs a JSON body. See the API reference at /docs/api." : StatusCodeProblems.DetailFor(bad.StatusCode),
                status: bad.StatusCode),
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
}
