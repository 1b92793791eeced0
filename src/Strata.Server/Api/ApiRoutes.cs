using Strata.Core.Errors;
using Strata.Server.Auth;
using Strata.Server.Errors;

namespace Strata.Server.Api;

internal static class ApiRoutes
{
    public const string Base = "/api/v1";

    /// <summary>The whole HTTP API: every group shares the base path and the anti-forgery rule for cookie callers.</summary>
    public static IEndpointRouteBuilder MapStrataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Base).AddEndpointFilter<CookieAntiforgeryFilter>();
        api.MapAuth();
        api.MapMe();
        api.MapOrgs();
        api.MapSpaces();
        api.MapInstances();
        api.MapInvitations();

        // Unknown API paths answer in the API's own error format, not with the web UI's 404 page.
        app.MapFallback("/api/{**rest}", () =>
                Problems.For(ErrorCodes.NotFound, "There is no such API endpoint. The reference is at /docs/api."))
            .ExcludeFromDescription();
        return app;
    }
}
