using Strata.Server.Auth;

namespace Strata.Server.Api;

internal static class ApiRoutes
{
    public const string Base = "/api/v1";

    /// <summary>The whole HTTP API: every group shares the base path and the anti-forgery rule for cookie callers.</summary>
    public static IEndpointRouteBuilder MapStrataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Base).AddEndpointFilter<CookieAntiforgeryFilter>().AddEndpointFilter<ListPaging>();
        api.MapAuth();
        api.MapPasswordReset();
        api.MapMe();
        api.MapOrgs();
        api.MapSpaces();
        api.MapInstances();
        api.MapInvitations();
        api.MapFiles();
        api.MapContents();
        api.MapSnapshots();
        api.MapStorage();
        api.MapDistributions();
        api.MapAssignments();
        api.MapAdminUsers();
        api.MapAdminStorage();
        return app;
    }
}
