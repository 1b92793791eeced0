using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await BrowserSession.EndAsync(HttpContext);
        return Redirect("/signin");
    }
}
