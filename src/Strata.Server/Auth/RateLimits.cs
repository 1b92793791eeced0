using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Strata.Core.Errors;
using Strata.Server.Errors;

namespace Strata.Server.Auth;

/// <summary>Limits guessing of passwords: sign-in, token creation and setup, per client address.</summary>
internal static class RateLimits
{
    public const string Credentials = "credentials";

    public static IServiceCollection AddStrataRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("STRATA_SIGNIN_LIMIT", 10);
        var window = TimeSpan.FromSeconds(configuration.GetValue("STRATA_SIGNIN_WINDOW_SECONDS", 60));
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Credentials, context =>
                HttpMethods.IsGet(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));
            options.OnRejected = async (context, token) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                    : (int)window.TotalSeconds;
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var detail = $"Too many sign-in attempts from your address. Wait {seconds} seconds and try again.";
                if (Problems.IsApiRequest(http.Request))
                {
                    await Problems.WriteAsync(http, ErrorCodes.RateLimited, detail);
                    return;
                }
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(
                    $"<!doctype html><title>Too many attempts</title><link rel=stylesheet href=/css/site.css><main class=narrow><h1>Too many attempts</h1><p>{detail}</p><p><a href=/signin>Back to sign-in</a></p></main>",
                    token);
            };
        });
        return services;
    }
}
