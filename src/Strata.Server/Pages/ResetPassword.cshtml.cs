using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Core.Accounts;
using Strata.Core.Errors;

namespace Strata.Server.Pages;

/// <summary>Where the reset email leads: a new password, once, while the link is fresh.</summary>
public sealed class ResetPasswordModel(PasswordResets resets, AccountOptions accountOptions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    // A link of blanks stays blanks (found by the HTTP fuzz test): the service answers it as any unknown link.
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)]
    public string Token { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string Repeat { get; set; } = "";

    public PasswordResetReview? Review { get; private set; }

    public int MinimumLength => accountOptions.MinimumPasswordLength;

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            if (Password != Repeat)
                throw new DomainException(ErrorCodes.InvalidRequest, "The two passwords differ. Type the same new password twice.");
            await resets.CompleteAsync(Token, Password, ct);
            return Redirect("/signin?reset=true");
        }
        catch (DomainException e)
        {
            Error = e.Detail;
            Password = Repeat = "";
            await LoadAsync(ct);
            return Page();
        }
    }

    /// <summary>A link that no longer works is explained instead of the form.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Review = await resets.ReviewAsync(Token, ct);
        }
        catch (DomainException e)
        {
            Error ??= e.Detail;
            Review = null;
        }
    }
}
