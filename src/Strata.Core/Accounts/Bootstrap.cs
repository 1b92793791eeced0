using Strata.Core.Errors;

namespace Strata.Core.Accounts;

/// <summary>
/// The first platform administrator: from configuration on first start, or through a one-time setup
/// secret the host prints while the platform has no users. The secret lives in memory only, so a
/// restart prints a new link and an old one stops working.
/// </summary>
public sealed class Bootstrap(AccountService accounts)
{
    /// <summary>Creates the administrator from configuration when there are no users. True when created.</summary>
    public async Task<bool> EnsureAdministratorAsync(string? email, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || await accounts.AnyUserAsync(ct))
            return false;
        await accounts.CreateUserAsync(email, NameFromEmail(email), password, isPlatformAdmin: true, ct);
        return true;
    }

    public async Task<User> CompleteSetupAsync(SetupSecret setup, string secret, string email, string name, string password, CancellationToken ct)
    {
        if (!await setup.TryConsumeAsync(secret, ct))
            throw new DomainException(ErrorCodes.NotFound,
                "This setup link is not valid any more. Restart the server to print a new one.");
        if (await accounts.AnyUserAsync(ct))
        {
            await setup.ForgetAllAsync(ct);
            throw new DomainException(ErrorCodes.Conflict, "Strata is already set up. Sign in instead.");
        }
        User admin;
        try
        {
            admin = await accounts.CreateUserAsync(email, name, password, isPlatformAdmin: true, ct);
        }
        catch (DomainException)
        {
            await setup.RestoreAsync(secret, ct);
            throw;
        }
        await setup.ForgetAllAsync(ct);
        return admin;
    }

    public static string NameFromEmail(string email)
    {
        var local = email.Trim().Split('@')[0];
        return local.Length == 0 ? email.Trim() : local;
    }
}
