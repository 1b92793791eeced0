using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Core.Accounts;
using Strata.Core.Errors;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

public sealed class SetupModel(SetupSecret setupSecret, Bootstrap bootstrap) : PageModel
{
    [BindProperty(SupportsGet = true)]
    // A link of blanks stays blanks (found by the HTTP fuzz test): the service answers it as any unknown link.
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)]
    public string Secret { get; set; } = "";

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public bool LinkValid { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => LinkValid = await setupSecret.IsValidAsync(Secret, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var admin = await bootstrap.CompleteSetupAsync(setupSecret, Secret, Email, Name, Password, ct);
            await BrowserSession.StartAsync(HttpContext, admin);
            return Redirect("/");
        }
        catch (DomainException e)
        {
            LinkValid = await setupSecret.IsValidAsync(Secret, ct);
            Error = e.Detail;
            Password = "";
            return Page();
        }
    }
}
