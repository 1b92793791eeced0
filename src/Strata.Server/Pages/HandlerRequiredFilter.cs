using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace Strata.Server.Pages;

/// <summary>
/// A page runs with no handler when none matches the method (a POST to a page that has no OnPost, or a
/// ?handler= it does not know). It would then render without the data its handlers load, and fail. Only GET
/// and HEAD may run handler-less (pages that need no data); anything else is refused: 405 when the page takes
/// no such method at all, 400 when it does but under another handler name.
/// </summary>
internal sealed class HandlerRequiredFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is not null || HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            return;
        var takes = context.ActionDescriptor.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).ToHashSet();
        if (takes.Contains(method.ToUpperInvariant()))
        {
            context.Result = new BadRequestResult();
            return;
        }
        // Every page answers GET (with or without an OnGet) and so HEAD.
        context.HttpContext.Response.Headers[HeaderNames.Allow] = string.Join(", ", takes.Union(["GET", "HEAD"]).Order(StringComparer.Ordinal));
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
