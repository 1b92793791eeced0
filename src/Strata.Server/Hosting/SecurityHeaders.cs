namespace Strata.Server.Hosting;

/// <summary>
/// Headers every response carries (API.md "Server start-up, continued"): pages, API, files, static
/// assets and errors alike. Set when the response starts, so an error page written after the exception
/// handler cleared the response still has them.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from files on this server (no inline script, no eval); no framing by other sites.
    /// Styles likewise: no page uses a style attribute or block, so inline styles stay forbidden too.
    /// Images may be data: URLs, which the API reference's stylesheet uses for its icons.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Swagger UI) alone may use inline styles: its bundle adds a &lt;style&gt; element at
    /// run time. Deliberate and narrow: the page shows only Strata's own OpenAPI document, holds no user
    /// content, and its scripts are still limited to files from this server.
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Powerful features no page of Strata uses, denied so an injected script or frame cannot ask for them either.</summary>
    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), " +
        "accelerometer=(), gyroscope=(), magnetometer=(), display-capture=()";

    /// <summary>One year; sent only when STRATA_PUBLIC_URL is https, since over plain http it would lock people out.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, StrataSettings settings)
    {
        var https = settings.PublicUrlIsHttps;
        return app.Use((context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                var headers = response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(OpenApiSetup.ReferencePath)
                    ? ApiReferencePolicy
                    : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                if (https)
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
