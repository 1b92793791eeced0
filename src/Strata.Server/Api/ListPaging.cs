using System.Collections;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Strata.Core.Errors;

namespace Strata.Server.Api;

/// <summary>
/// API.md "Lists": every list endpoint takes <c>?limit=N</c> (1–1000) and then answers with at most N
/// items and a <c>Link: &lt;…&gt;; rel="next"</c> header while more follow. The cursor is the position in
/// the endpoint's own stable order (<c>offset</c>). Without <c>limit</c> the whole list comes back, as before.
/// </summary>
internal sealed class ListPaging : IEndpointFilter
{
    public const int MaxLimit = 1000;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            || context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<PagesItself>() is not null)
            return await next(context);
        var limit = Number(request.Query["limit"], "limit", 1, MaxLimit);
        var offset = Number(request.Query["offset"], "offset", 0, int.MaxValue);
        var result = await next(context);
        if (result is INestedHttpResult nested)
            result = nested.Result;
        if (limit is null || result is not IValueHttpResult { Value: IEnumerable items and not string } || result is not IStatusCodeHttpResult { StatusCode: 200 or null })
            return result;
        var all = items.Cast<object>().ToList();
        var start = Math.Min(offset ?? 0, all.Count);
        var page = all.Skip(start).Take(limit.Value).ToList();
        if (start + page.Count < all.Count)
        {
            context.HttpContext.Response.Headers.Append("Link", NextLink(request, start + page.Count));
        }
        return TypedResults.Ok(page);
    }

    /// <summary>The next page's address: this request with <c>offset</c> moved on.</summary>
    public static string NextLink(HttpRequest request, int offset)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query["offset"] = offset.ToString(CultureInfo.InvariantCulture);
        var next = QueryHelpers.AddQueryString(request.PathBase + request.Path, query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
        return $"<{next}>; rel=\"next\"";
    }

    public static (int? Limit, int Offset) Read(HttpRequest request) =>
        (Number(request.Query["limit"], "limit", 1, MaxLimit), Number(request.Query["offset"], "offset", 0, int.MaxValue) ?? 0);

    private static int? Number(Microsoft.Extensions.Primitives.StringValues values, string name, int min, int max)
    {
        if (values.Count == 0)
            return null;
        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            return n;
        throw new DomainException(ErrorCodes.InvalidRequest, $"'{name}' must be a whole number from {min} to {(max == int.MaxValue ? "the list's length" : max.ToString(CultureInfo.InvariantCulture))}.");
    }
}

/// <summary>Marks a list endpoint that reads one page from the database itself (a log that only grows), so <see cref="ListPaging"/> leaves it alone.</summary>
internal sealed class PagesItself;
