using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Core.Accounts;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

[Authorize]
public sealed class AccountModel(CurrentUser currentUser, AccountService accounts, UserSessions sessions) : PageModel
{
    public User Me { get; private set; } = null!;

    public IReadOnlyList<TokenSummary> Tokens { get; private set; } = [];

    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];

    /// <summary>The session of the browser looking at the page, marked as such in the list.</summary>
    public Guid? ThisSession => Identities.SessionId(User);

    [BindProperty]
    public string? TokenName { get; set; }

    public string? NewToken { get; private set; }

    public string? NewTokenName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var issued = await accounts.CreateTokenAsync(Me.Id, TokenName, ct);
        NewToken = issued.Token;
        NewTokenName = string.IsNullOrWhiteSpace(TokenName) ? "token" : TokenName.Trim();
        TokenName = null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var me = await currentUser.GetAsync(ct);
        await accounts.RevokeTokenAsync(me.Id, id, ct);
        return RedirectToPage();
    }

    /// <summary>Signs out one of the account's browsers; ending this browser's own session signs it out here too.</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(Guid id, CancellationToken ct)
    {
        var me = await currentUser.GetAsync(ct);
        await sessions.EndOwnAsync(me.Id, id, ct);
        if (id != ThisSession)
            return RedirectToPage();
        await BrowserSession.EndAsync(HttpContext);
        return Redirect("/signin");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = await currentUser.GetAsync(ct);
        Tokens = await accounts.ListTokensAsync(Me.Id, ct);
        Sessions = await sessions.ListOpenAsync(Me.Id, ct);
    }
}
