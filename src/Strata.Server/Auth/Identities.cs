using System.Security.Claims;
using Strata.Core.Accounts;

namespace Strata.Server.Auth;

internal static class Identities
{
    /// <summary>The password stamp a session was started under; a new password makes the session invalid.</summary>
    public const string StampClaim = "strata:password_stamp";

    public static ClaimsIdentity For(User user, string authenticationType) =>
        new(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Email, user.Email),
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(StampClaim, PasswordStamp.Of(user)),
            ],
            authenticationType);

    public static Guid? UserId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
