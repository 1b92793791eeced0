using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Storage;
using Strata.Storage.States;

namespace Strata.Core.States;

/// <summary>
/// State pointers in the metadata database. The swap is one conditional UPDATE, so it is atomic on
/// SQLite and PostgreSQL alike, and across several server processes.
/// </summary>
public sealed class DbStateRefStore(StrataDb db, TimeProvider clock) : IStateRefStore
{
    public async Task<StateRef?> GetAsync(string stateKey, CancellationToken ct)
    {
        var row = await db.StateRefs.AsNoTracking().SingleOrDefaultAsync(r => r.Key == stateKey, ct);
        return row is null ? null : new StateRef(ContentId.Parse(row.Root), row.Version);
    }

    public async Task<bool> TryCompareAndSwapAsync(string stateKey, long expectedVersion, ContentId newRoot, CancellationToken ct)
    {
        var root = newRoot.ToString();
        var now = clock.GetUtcNow();
        var updated = await db.StateRefs.Where(r => r.Key == stateKey && r.Version == expectedVersion)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Root, root).SetProperty(r => r.Version, expectedVersion + 1).SetProperty(r => r.ChangedAt, now), ct);
        return updated == 1;
    }
}
