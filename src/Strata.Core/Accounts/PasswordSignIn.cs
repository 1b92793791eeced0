using System.Net;
using Strata.Core.Errors;

namespace Strata.Core.Accounts;

/// <summary>Email and password in, the account out: the one path of the sign-in page and token creation.</summary>
public sealed class PasswordSignIn(AccountService accounts, SignInThrottle throttle)
{
    public const string WrongCredentials = "The email or the password is wrong. Check both and try again.";

    /// <summary>
    /// The account, or a refusal: invalid_credentials, rate_limited (<see cref="RateLimitedException"/>)
    /// or forbidden for a disabled account (said only to someone who knows its password).
    /// </summary>
    public async Task<User> SignInAsync(string email, string password, IPAddress? address, CancellationToken ct)
    {
        var attempt = throttle.Begin(email, address);
        var user = await accounts.CheckPasswordAsync(email, password, ct);
        if (user is null)
        {
            attempt.Failed();
            throw new DomainException(ErrorCodes.InvalidCredentials, WrongCredentials);
        }
        attempt.Succeeded();
        if (user.DisabledAt is not null)
            throw AccountService.Disabled();
        return user;
    }
}
