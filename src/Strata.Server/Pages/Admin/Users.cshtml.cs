using Microsoft.AspNetCore.Mvc;
using Strata.Core.Accounts;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Admin;

/// <summary>Platform administrators find an account by name or email, a page at a time.</summary>
public sealed class UsersModel(CurrentUser currentUser, UserAdministration users) : StrataPage(currentUser)
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public UserPage Found { get; private set; } = new([], 0, 0);

    public int Pages => Math.Max(1, (Found.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Found = await users.SearchAsync(await ActorAsync(ct), Search, (PageNumber - 1) * PageSize, PageSize, ct);
        Crumbs.Add(new Crumb("Users", null));
    }

    public string Link(int page) =>
        "/admin/users?" + (string.IsNullOrWhiteSpace(Search) ? "" : "q=" + Uri.EscapeDataString(Search) + "&") + "p=" + page;
}
