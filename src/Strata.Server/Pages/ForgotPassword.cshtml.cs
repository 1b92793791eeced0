using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Core.Accounts;
using Strata.Core.Errors;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

/// <summary>Asks for the email of a forgotten password; answers the same whether or not an account exists.</summary>
public sealed class ForgotPasswordModel(PasswordResets resets, PasswordResetOptions options) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await resets.RequestAsync(Email, HttpContext.Connection.RemoteIpAddress, ct);
            Notice = $"If an account exists for that address, we sent it a link to set a new password. The link works for {options.LifetimeText}. Check your spam folder if nothing arrives.";
        }
        catch (DomainException e)
        {
            if (e is RateLimitedException limited)
            {
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                RateLimits.SetRetryAfter(Response, limited);
            }
            Error = e.Detail;
        }
        return Page();
    }
}
