using System.Security.Claims;
using Strata.Core.Accounts;

namespace Strata.Server.Auth;

internal static class Identities
{
    /// <summary>The password stamp a session was started under; a new password makes the session invalid.</summary>
    public const string StampClaim = "strata:password_stamp";

    /// <summary>The server-side row of a browser session (<see cref="UserSession"/>); bearer identities have none.</summary>
    public const string SessionClaim = "strata:session";

    public static ClaimsIdentity For(User user, string authenticationType, Guid? sessionId = null)
    {
        List<Claim> claims =
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(StampClaim, PasswordStamp.Of(user)),
        ];
        if (sessionId is { } id)
            claims.Add(new Claim(SessionClaim, id.ToString()));
        return new ClaimsIdentity(claims, authenticationType);
    }

    public static Guid? UserId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid? SessionId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionClaim), out var id) ? id : null;
}
