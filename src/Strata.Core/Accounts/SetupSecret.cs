using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;

namespace Strata.Core.Accounts;

/// <summary>
/// The secrets of the first-run setup links. A node with no users prints one at start; its hash goes to the
/// database, so the link works on any node (API.md: several nodes behind one address). Each works once, and
/// every one goes when the first administrator exists.
/// </summary>
public sealed class SetupSecret(StrataDb db, TimeProvider clock)
{
    public async Task<string> IssueAsync(CancellationToken ct)
    {
        var secret = Secrets.NewSecret("setup_");
        db.SetupLinks.Add(new SetupLink { Id = Guid.NewGuid(), SecretHash = Secrets.HashSecret(secret), IssuedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return secret;
    }

    public async Task<bool> IsValidAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret))
            return false;
        var hash = Secrets.HashSecret(secret);
        return await db.SetupLinks.AnyAsync(l => l.SecretHash == hash, ct);
    }

    /// <summary>Takes the link away, so two people cannot use it at once; true when it was there to take.</summary>
    public async Task<bool> TryConsumeAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret))
            return false;
        var hash = Secrets.HashSecret(secret);
        return await db.SetupLinks.Where(l => l.SecretHash == hash).ExecuteDeleteAsync(ct) == 1;
    }

    /// <summary>Puts a consumed link back when setup failed on bad input, so the person can try again.</summary>
    public async Task RestoreAsync(string secret, CancellationToken ct)
    {
        db.SetupLinks.Add(new SetupLink { Id = Guid.NewGuid(), SecretHash = Secrets.HashSecret(secret), IssuedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every link goes once there is an administrator.</summary>
    public Task ForgetAllAsync(CancellationToken ct) => db.SetupLinks.ExecuteDeleteAsync(ct);
}
