using Strata.Core.Maintenance;

namespace Strata.Server.Hosting;

internal static class WriteIntents
{
    /// <summary>
    /// Ends a request's write intent when its work is done, before the response completes: the scope's own disposal
    /// comes after the client has its answer, and a client (a test, a script) may act on the store by then.
    /// </summary>
    public static IApplicationBuilder UseWriteIntents(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        finally
        {
            await context.RequestServices.GetRequiredService<WriteIntent>().EndAsync();
        }
    });
}
