using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Strata.Core.Accounts;

namespace Strata.Server.Auth;

/// <summary>
/// Starts and ends browser sessions. The session's row lives on the server (<see cref="UserSessions"/>);
/// the cookie names it, and <see cref="SessionCheck"/> refuses the cookie once the row has ended.
/// </summary>
internal static class BrowserSession
{
    /// <summary>Signs in a user whose password (or setup link, or invitation) was checked.</summary>
    public static async Task StartAsync(HttpContext context, User user)
    {
        var sessions = context.RequestServices.GetRequiredService<UserSessions>();
        var id = await sessions.StartAsync(user.Id, UserAgents.Describe(context.Request.Headers.UserAgent),
            context.Connection.RemoteIpAddress, context.RequestAborted);
        await context.SignInAsync(AuthSetup.Cookie, new ClaimsPrincipal(Identities.For(user, AuthSetup.Cookie, id)),
            new AuthenticationProperties { IsPersistent = true });
    }

    /// <summary>Signs out: the session ends on the server, so a copy of its cookie is refused from now on.</summary>
    public static async Task EndAsync(HttpContext context)
    {
        if (Identities.SessionId(context.User) is { } id)
            await context.RequestServices.GetRequiredService<UserSessions>().EndAsync(id, context.RequestAborted);
        await context.SignOutAsync(AuthSetup.Cookie);
    }
}
