using Microsoft.AspNetCore.Antiforgery;
using Strata.Core.Errors;
using Strata.Server.Errors;

namespace Strata.Server.Auth;

/// <summary>
/// Cookie-authenticated API calls that change something must carry the anti-forgery token
/// (header X-CSRF-TOKEN), so another site cannot ride a signed-in browser. Bearer calls need none.
/// </summary>
internal sealed class CookieAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var unsafeMethod = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
        if (unsafeMethod && http.User.Identity is { IsAuthenticated: true, AuthenticationType: AuthSetup.Cookie }
            && !await antiforgery.IsRequestValidAsync(http))
        {
            return Problems.For(ErrorCodes.InvalidRequest,
                "This request came with the browser's session but without its anti-forgery token. Send the X-CSRF-TOKEN header from the page, or use a bearer token.");
        }
        return await next(context);
    }
}
