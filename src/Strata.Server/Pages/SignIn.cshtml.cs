using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Core.Accounts;
using Strata.Core.Errors;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

public sealed class SignInModel(PasswordSignIn signIn) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Set after a password reset, so the page says what happened.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Reset { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var user = await signIn.SignInAsync(Email, Password, HttpContext.Connection.RemoteIpAddress, ct);
            await BrowserSession.StartAsync(HttpContext, user);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? AsciiUrl.Escape(ReturnUrl) : "/");
        }
        catch (DomainException e)
        {
            if (e is RateLimitedException limited)
            {
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                RateLimits.SetRetryAfter(Response, limited);
            }
            Error = e.Detail;
            Password = "";
            return Page();
        }
    }
}
