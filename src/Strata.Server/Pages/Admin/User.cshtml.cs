using Microsoft.AspNetCore.Mvc;
using Strata.Core.Accounts;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Admin;

/// <summary>One account for platform administrators: roles everywhere, disable or enable, send a reset link, history.</summary>
public sealed class UserModel(CurrentUser currentUser, UserAdministration users, PasswordResetOptions resetOptions) : StrataPage(currentUser)
{
    public string LinkLifetime => resetOptions.LifetimeText;

    public UserDetails Details { get; private set; } = null!;

    public bool IsMe { get; private set; }

    public Task OnGetAsync(Guid id, CancellationToken ct) => LoadAsync(id, ct);

    public Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        var user = await users.SetDisabledAsync(await ActorAsync(ct), id, disabled: true, ct);
        Notice = $"{user.Email} is disabled: it can no longer sign in, and its tokens and browser sessions stopped working.";
        return Redirect($"/admin/users/{id}");
    }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        var user = await users.SetDisabledAsync(await ActorAsync(ct), id, disabled: false, ct);
        Notice = $"{user.Email} is enabled again: its password and tokens work as before.";
        return Redirect($"/admin/users/{id}");
    }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostResetAsync(Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        await users.SendResetAsync(await ActorAsync(ct), id, ct);
        Notice = $"A password reset link was emailed to the account. It works once, for {resetOptions.LifetimeText}.";
        return Redirect($"/admin/users/{id}");
    }, () => LoadAsync(id, ct));

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        Details = await users.DetailsAsync(actor, id, ct);
        IsMe = actor.UserId == id;
        Crumbs.Add(new Crumb("Users", "/admin/users"));
        Crumbs.Add(new Crumb(Details.User.Email, null));
    }
}
