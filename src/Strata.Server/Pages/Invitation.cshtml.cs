using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Core.Accounts;
using Strata.Core.Errors;
using Strata.Core.Invitations;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

/// <summary>Where the email link leads: review the offer, then accept (signing in or creating the account) or decline.</summary>
public sealed class InvitationModel(InvitationAnswers answers, CurrentUser currentUser, AccountService accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    // A link of blanks stays blanks (found by the HTTP fuzz test): the service answers it as any unknown link.
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)]
    public string Token { get; set; } = "";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public InvitationReview? Review { get; private set; }

    public IReadOnlyList<string> Offers { get; private set; } = [];

    public string? SignedInEmail { get; private set; }

    public bool EmailMatches => SignedInEmail is not null && Review is not null
        && EmailAddress.Normalize(SignedInEmail) == EmailAddress.Normalize(Review.Email);

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken ct)
    {
        try
        {
            var signedIn = User.Identity?.IsAuthenticated == true ? await currentUser.ActorAsync(ct) : null;
            var result = await answers.AcceptAsync(Token, signedIn, Name, Password, ct);
            if (signedIn is null && await accounts.FindUserAsync(result.UserId, ct) is { } created)
                await BrowserSession.StartAsync(HttpContext, created);
            return Redirect(Destination(result.Grants));
        }
        catch (DomainException e)
        {
            Error = e.Detail;
            Password = null;
            await LoadAsync(ct);
            return Page();
        }
    }

    /// <summary>After accepting, the person goes to what the invitation gave: the instance, the space or the organisation.</summary>
    private string Destination(IReadOnlyList<GrantView> grants)
    {
        TempData["Notice"] = "Invitation accepted.";
        return grants.Count == 0 ? "/?accepted=1" : grants[0] switch
        {
            { Space: { } space, Instance: { } instance } g => StrataPage.InstancePath(g.Org, space, instance),
            { Space: { } space } g => StrataPage.SpacePath(g.Org, space),
            var g => StrataPage.OrgPath(g.Org),
        };
    }

    public async Task<IActionResult> OnPostDeclineAsync(CancellationToken ct)
    {
        try
        {
            await answers.DeclineAsync(Token, ct);
            Message = "You declined the invitation. Nothing was changed.";
        }
        catch (DomainException e)
        {
            Error = e.Detail;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Review = await answers.ReviewAsync(Token, ct);
            Offers = await answers.DescribeAsync(Token, ct);
            if (User.Identity?.IsAuthenticated == true)
                SignedInEmail = (await currentUser.GetAsync(ct)).Email;
        }
        catch (DomainException e)
        {
            Error ??= e.Detail;
            Review = null;
        }
    }
}
