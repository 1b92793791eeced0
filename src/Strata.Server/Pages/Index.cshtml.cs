using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Server.Auth;

namespace Strata.Server.Pages;

[Authorize]
public sealed class IndexModel(CurrentUser currentUser) : PageModel
{
    public string Name { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct) => Name = (await currentUser.GetAsync(ct)).Name;
}
