using Strata.Core.Maintenance;

namespace Strata.Server.Hosting;

internal static class WriteIntents
{
    /// <summary>
    /// Ends a request's write intent when its work is done, before the response completes: the scope's own disposal
    /// comes after the client has its answer, and a client (a test, a script) may act on the store by then. A request that
    /// began none (most: reads) builds nothing here.
    /// </summary>
    public static IApplicationBuilder UseWriteIntents(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var held = context.RequestServices.GetRequiredService<HeldIntent>();
        try
        {
            await next(context);
        }
        finally
        {
            if (held.Intent is { } intent)
                await intent.EndAsync();
        }
    });
}
