using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Accounts;
using Strata.Core.Errors;
using Strata.Server.Auth;
using Strata.Server.Errors;

namespace Strata.Server.Api;

internal static class AuthApi
{
    public sealed record CreateTokenRequest(string? Email, string? Password, string? Name = null);

    public sealed record CreatedToken(Guid Id, string Token);

    public sealed record TokenDto(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth/tokens").WithTags("Auth");
        group.MapPost("/", CreateToken).AllowAnonymous()
            .WithSummary("Exchange an email and password for a personal access token (shown once).")
            .WithDescription("Failed attempts are limited per account and per client address (429 rate_limited with Retry-After); successful ones never count.");
        group.MapGet("/", ListTokens).RequireAuthorization().WithSummary("List your personal access tokens.");
        group.MapDelete("/{id:guid}", RevokeToken).RequireAuthorization().WithSummary("Revoke one of your tokens.");
        return group;
    }

    private static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> CreateToken(
        CreateTokenRequest request, PasswordSignIn signIn, AccountService accounts, HttpContext http, CancellationToken ct)
    {
        if (request.Email is null || request.Password is null)
            return Problems.For(ErrorCodes.InvalidRequest, "Send both 'email' and 'password' to create a token.");
        var user = await signIn.SignInAsync(request.Email, request.Password, http.Connection.RemoteIpAddress, ct);
        var issued = await accounts.CreateTokenAsync(user.Id, request.Name, ct);
        return TypedResults.Created($"{ApiRoutes.Base}/auth/tokens/{issued.Id}", new CreatedToken(issued.Id, issued.Token));
    }

    private static async Task<Ok<TokenDto[]>> ListTokens(CurrentUser me, AccountService accounts, CancellationToken ct)
    {
        var user = await me.GetAsync(ct);
        var tokens = await accounts.ListTokensAsync(user.Id, ct);
        return TypedResults.Ok(tokens.Select(t => new TokenDto(t.Id, t.Name, t.CreatedAt, t.LastUsedAt)).ToArray());
    }

    private static async Task<NoContent> RevokeToken(Guid id, CurrentUser me, AccountService accounts, CancellationToken ct)
    {
        var user = await me.GetAsync(ct);
        await accounts.RevokeTokenAsync(user.Id, id, ct);
        return TypedResults.NoContent();
    }
}
