using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;

namespace Strata.Core.Accounts;

/// <summary>
/// Who a personal access token belongs to. The answer is remembered per node while the access epoch stays (any
/// revocation, account change or disabling moves it), so a client's every request after its first costs the epoch's one
/// small read instead of the token and its account.
/// </summary>
public sealed class TokenAuthentication(StrataDb db, AccessEpoch epoch, AccessCache cache, TimeProvider clock)
{
    /// <summary>Its use is written at most this often, so token reads do not become writes.</summary>
    private static readonly TimeSpan UseRecordedEvery = TimeSpan.FromMinutes(1);

    /// <summary>The token's account, or null when the token is unknown or revoked. A copy each time: callers may keep it.</summary>
    public async Task<User?> AuthenticateAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(AccountService.TokenPrefix, StringComparison.Ordinal))
            return null;
        var hash = Secrets.HashSecret(secret);
        var seen = await epoch.CurrentAsync(ct);
        var entry = seen is { } known ? cache.Token(hash, known) : null;
        var fresh = entry is null;
        if (entry is null)
        {
            await db.KeepConnectionOpenAsync(ct);
            var token = await db.AccessTokens.AsNoTracking().Include(t => t.User).SingleOrDefaultAsync(t => t.SecretHash == hash, ct);
            if (token?.User is null)
                return null;
            entry = new AccessCache.TokenEntry(seen ?? -1, token.Id, token.User, token.LastUsedAt);
        }

        var now = clock.GetUtcNow();
        if (entry.LastUsedAt is null || now - entry.LastUsedAt > UseRecordedEvery)
        {
            await db.AccessTokens.Where(t => t.Id == entry.TokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
            entry = entry with { LastUsedAt = now };
            fresh = true;
        }
        if (fresh && seen is not null)
            cache.Remember(hash, entry);
        return AccessCache.Copy(entry.User);
    }
}
