using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Strata.Core.Accounts;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

[EnableRateLimiting(RateLimits.Credentials)]
public sealed class SignInModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await accounts.CheckPasswordAsync(Email, Password, ct);
        if (user is null)
        {
            Error = "The email or the password is wrong. Check both and try again.";
            Password = "";
            return Page();
        }
        await BrowserSession.StartAsync(HttpContext, user);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
