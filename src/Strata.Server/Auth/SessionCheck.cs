using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Strata.Core.Accounts;

namespace Strata.Server.Auth;

/// <summary>
/// A browser session is only as good as its account right now: every request with a session cookie
/// reloads the account and refuses the cookie when the account is gone, disabled, or has a new password
/// since the session started. The loaded account is handed to <see cref="CurrentUser"/>, so pages do not
/// read it twice.
/// </summary>
internal static class SessionCheck
{
    /// <summary>Set on a request whose session belonged to a disabled account, so the refusal can say why.</summary>
    public static readonly object DisabledKey = new();

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var id = context.Principal is { } principal ? Identities.UserId(principal) : null;
        var accounts = http.RequestServices.GetRequiredService<AccountService>();
        var user = id is null ? null : await accounts.FindUserAsync(id.Value, http.RequestAborted);
        var stamp = context.Principal?.FindFirst(Identities.StampClaim)?.Value;
        if (user is not null && user.DisabledAt is null && PasswordStamp.Matches(user, stamp))
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
