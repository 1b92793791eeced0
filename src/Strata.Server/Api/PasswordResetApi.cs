using Microsoft.AspNetCore.Http.HttpResults;
using Strata.Core.Accounts;

namespace Strata.Server.Api;

/// <summary>
/// Password reset by email, for people who are not signed in: ask for a link (always 202, whether or not
/// the account exists), look at a link, set the new password with it (once).
/// </summary>
internal static class PasswordResetApi
{
    public sealed record ResetRequest(string? Email);

    public sealed record NewPasswordRequest(string? Password);

    public sealed record ResetLinkDto(string Email, DateTimeOffset ExpiresAt);

    public sealed record PasswordSetDto(string Email);

    public static RouteGroupBuilder MapPasswordReset(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth/password-reset").WithTags("Auth").AllowAnonymous();
        group.MapPost("/", RequestReset)
            .WithSummary("Email a password reset link to an account (202 whether or not the account exists).")
            .WithDescription("The link ends in /reset-password/{token} and works once, for one hour. Requests are limited per address and per email (429 rate_limited with Retry-After).");
        group.MapGet("/{token}", ReviewLink)
            .WithSummary("Whether a reset link still works, and for which account (404 not_found, 410 link_expired or link_closed).");
        group.MapPost("/{token}", SetPassword)
            .WithSummary("Set a new password with a reset link; it then stops working, and the account's browser sessions end.");
        return group;
    }

    private static async Task<Accepted> RequestReset(ResetRequest request, PasswordResets resets, HttpContext http, CancellationToken ct)
    {
        var email = request.Email ?? throw Requests.Missing("email", "the address of the account");
        await resets.RequestAsync(email, http.Connection.RemoteIpAddress, ct);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Ok<ResetLinkDto>> ReviewLink(string token, PasswordResets resets, CancellationToken ct)
    {
        var review = await resets.ReviewAsync(token, ct);
        return TypedResults.Ok(new ResetLinkDto(review.Email, review.ExpiresAt));
    }

    private static async Task<Ok<PasswordSetDto>> SetPassword(string token, NewPasswordRequest request, PasswordResets resets, CancellationToken ct)
    {
        var user = await resets.CompleteAsync(token, request.Password, ct);
        return TypedResults.Ok(new PasswordSetDto(user.Email));
    }
}
