using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Strata.Core.Accounts;
using Strata.Core.Errors;
using Strata.Server.Errors;

namespace Strata.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer strata_pat_…</c> against the stored token hashes.</summary>
internal sealed class AccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenAuthentication tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var user = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null)
            return AuthenticateResult.Fail("The token is unknown or has been revoked.");
        if (user.DisabledAt is not null)
            return AuthenticateResult.Fail(new DisabledAccount());
        // The account is loaded already: the request's CurrentUser need not read it again.
        Context.Items[CurrentUser.ItemKey] = user;
        var identity = Identities.For(user, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is DisabledAccount)
        {
            await Problems.WriteAsync(Context, ErrorCodes.Forbidden, AccountService.Disabled().Detail);
            return;
        }
        var detail = result.Failure is null
            ? "Send a personal access token as 'Authorization: Bearer <token>'; create one with POST /api/v1/auth/tokens."
            : "The bearer token is unknown or has been revoked. Create a new one with POST /api/v1/auth/tokens.";
        await Problems.WriteAsync(Context, ErrorCodes.Unauthenticated, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, ErrorCodes.Forbidden, "Your account may not do this.");
}
