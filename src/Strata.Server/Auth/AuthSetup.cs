using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Strata.Core.Accounts;
using Strata.Core.Errors;
using Strata.Server.Errors;

namespace Strata.Server.Auth;

/// <summary>
/// Bearer tokens for the API and CLI, cookies for the browser. One policy scheme picks between them
/// by the Authorization header, so every endpoint accepts both.
/// </summary>
internal static class AuthSetup
{
    public const string Bearer = "Bearer";
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string Either = "BearerOrCookie";

    public static IServiceCollection AddStrataAuth(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddAntiforgery(options => options.HeaderName = "X-CSRF-TOKEN");
        services.AddAuthentication(Either)
            .AddPolicyScheme(Either, "Bearer token or cookie", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? Bearer
                        : Cookie)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(Bearer, null)
            .AddCookie(Cookie, options =>
            {
                options.Cookie.Name = "strata_session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/signin";
                options.LogoutPath = "/signout";
                options.AccessDeniedPath = "/forbidden";
                options.ExpireTimeSpan = UserSessions.IdleLifetime;
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
                options.Events.OnRedirectToLogin = context => context.HttpContext.Items.ContainsKey(SessionCheck.DisabledKey)
                    ? ApiOr(context, ErrorCodes.Forbidden, AccountService.Disabled().Detail)
                    : ApiOr(context, ErrorCodes.Unauthenticated, "Sign in or send a personal access token as 'Authorization: Bearer <token>'.");
                options.Events.OnRedirectToAccessDenied = context => ApiOr(context, ErrorCodes.Forbidden,
                    "Your account may not do this.");
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// Served over https (STRATA_PUBLIC_URL), every cookie is Secure — session, anti-forgery and TempData alike —
    /// even when TLS ends at a proxy the server does not trust. Otherwise a cookie is Secure when its request was
    /// https (directly, or by X-Forwarded-Proto from a trusted proxy).
    /// </summary>
    public static IApplicationBuilder UseSecureCookies(this IApplicationBuilder app, Hosting.StrataSettings settings) =>
        settings.PublicUrlIsHttps ? app.UseCookiePolicy(new CookiePolicyOptions { Secure = CookieSecurePolicy.Always }) : app;

    /// <summary>API callers get problem+json; browsers get the redirect to the page.</summary>
    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> context, string code, string detail)
    {
        if (Problems.IsApiRequest(context.Request))
            return Problems.WriteAsync(context.HttpContext, code, detail);
        // Relative, so a proxy in front (TLS, another host name) never turns it into a link to the wrong place.
        var target = Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : context.RedirectUri;
        context.Response.Redirect(target);
        return Task.CompletedTask;
    }
}
