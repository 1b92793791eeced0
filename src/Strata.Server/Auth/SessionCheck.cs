using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Strata.Core.Accounts;

namespace Strata.Server.Auth;

/// <summary>
/// A browser session is only as good as its row and its account right now: every request with a session
/// cookie loads both in one query and refuses the cookie when the session has ended (signed out, or a new
/// password), or the account is gone, disabled, or has a new password since the session started. The
/// loaded account is handed to <see cref="CurrentUser"/>, so pages do not read it twice.
/// </summary>
internal static class SessionCheck
{
    /// <summary>Set on a request whose session belonged to a disabled account, so the refusal can say why.</summary>
    public static readonly object DisabledKey = new();

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var principal = context.Principal;
        // A cookie from before sessions were kept on the server names no session: it is refused like an ended one.
        var sessionId = principal is null ? null : Identities.SessionId(principal);
        var sessions = http.RequestServices.GetRequiredService<UserSessions>();
        var user = sessionId is null ? null : await sessions.ResumeAsync(sessionId.Value, http.RequestAborted);
        var stamp = principal?.FindFirst(Identities.StampClaim)?.Value;
        if (user is not null && user.Id == Identities.UserId(principal!) && user.DisabledAt is null && PasswordStamp.Matches(user, stamp))
        {
            http.Items[CurrentUser.ItemKey] = user;
            return;
        }
        if (user?.DisabledAt is not null)
            http.Items[DisabledKey] = true;
        context.RejectPrincipal();
        await http.SignOutAsync(AuthSetup.Cookie);
    }
}
