using Strata.Core.Errors;

namespace Strata.Server.Errors;

/// <summary>Codes and sentences for bare status codes produced by the framework itself (405, 415…).</summary>
internal static class StatusCodeProblems
{
    public static string CodeFor(int status) => status switch
    {
        401 => ErrorCodes.Unauthenticated,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        429 => ErrorCodes.RateLimited,
        >= 500 => ErrorCodes.InternalError,
        _ => ErrorCodes.InvalidRequest,
    };

    public static string DetailFor(int status) => status switch
    {
        401 => "Sign in or send a personal access token as 'Authorization: Bearer <token>'.",
        403 => "Your account may not do this.",
        404 => "There is no such API endpoint or resource. The API reference is at /docs/api.",
        405 => "This endpoint does not accept that HTTP method. See the API reference at /docs/api.",
        415 => "Send the body as JSON with 'Content-Type: application/json'.",
        _ => "The request could not be processed. See the API reference at /docs/api.",
    };
}
