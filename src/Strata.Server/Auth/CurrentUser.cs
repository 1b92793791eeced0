using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Errors;

namespace Strata.Server.Auth;

/// <summary>The signed-in user of this request, loaded once.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, AccountService accounts)
{
    /// <summary>Where authentication leaves the account it loaded, for this request only.</summary>
    public static readonly object ItemKey = new();

    private User? user;

    public Guid? Id => accessor.HttpContext is { } context ? Identities.UserId(context.User) : null;

    /// <summary>The caller as the domain's rules see them.</summary>
    public async Task<Actor> ActorAsync(CancellationToken ct)
    {
        var account = await GetAsync(ct);
        return new Actor(account.Id, account.Email, account.IsPlatformAdmin);
    }

    /// <summary>The account behind the request; an account deleted mid-session counts as signed out.</summary>
    public async Task<User> GetAsync(CancellationToken ct)
    {
        if (user is not null)
            return user;
        if (accessor.HttpContext?.Items[ItemKey] is User authenticated && authenticated.Id == Id)
            return user = authenticated;
        var id = Id ?? throw new DomainException(ErrorCodes.Unauthenticated, "Sign in or send a bearer token.");
        var loaded = await accounts.FindUserAsync(id, ct)
            ?? throw new DomainException(ErrorCodes.Unauthenticated, "Your account no longer exists. Sign in again.");
        // Authentication refuses disabled accounts already; this covers one disabled in the middle of a request.
        return user = loaded.DisabledAt is null ? loaded : throw AccountService.Disabled();
    }
}
