using Microsoft.AspNetCore.Http.Features;

namespace Strata.Server.Hosting;

/// <summary>
/// API.md: HEAD works wherever GET does. Endpoints are mapped for GET only (MapGet answers no HEAD), so a HEAD
/// request runs as the GET it stands for, with the same status and headers, and its body is dropped.
/// </summary>
internal static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
            context.Features.Set(body);
        }
    });
}
