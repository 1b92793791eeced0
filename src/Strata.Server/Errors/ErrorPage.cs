using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Server.Auth;

namespace Strata.Server.Errors;

/// <summary>Errors on web pages: a session whose account is gone goes back to sign-in; anything else is explained in words.</summary>
internal static class ErrorPage
{
    public static async Task WriteAsync(HttpContext context, ProblemHttpResult problem)
    {
        var details = problem.ProblemDetails;
        if (details.Status == StatusCodes.Status401Unauthorized)
        {
            await context.SignOutAsync(AuthSetup.Cookie);
            context.Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            return;
        }
        context.Response.StatusCode = details.Status ?? StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(details.Title)} · Strata</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="narrow"><h1>{WebUtility.HtmlEncode(details.Title)}</h1><p>{WebUtility.HtmlEncode(details.Detail)}</p>
            <p><a href="/">Back to your dashboard</a></p></main></body></html>
            """);
    }
}
