using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Strata.Core.Accounts;

namespace Strata.Server.Auth;

/// <summary>Starts a browser session for a user whose password (or setup link, or invitation) was checked.</summary>
internal static class BrowserSession
{
    public static Task StartAsync(HttpContext context, User user) =>
        context.SignInAsync(AuthSetup.Cookie, new ClaimsPrincipal(Identities.For(user, AuthSetup.Cookie)),
            new AuthenticationProperties { IsPersistent = true });
}
