using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Core.Maintenance;
using Strata.Storage;
using Strata.Storage.States;

namespace Strata.Core.States;

/// <summary>
/// State pointers in the metadata database. The swap is one conditional UPDATE, so it is atomic on
/// SQLite and PostgreSQL alike, and across several server processes. Where the scope holds a
/// <see cref="WriteIntent"/> (the server's), every commit confirms it and a swap records the root it drops, for
/// garbage collection (docs/storage.md).
/// </summary>
public sealed class DbStateRefStore(StrataDb db, TimeProvider clock, WriteIntent? intent = null) : IStateRefStore
{
    public async Task<StateRef?> GetAsync(string stateKey, CancellationToken ct)
    {
        var row = await db.StateRefs.AsNoTracking().SingleOrDefaultAsync(r => r.Key == stateKey, ct);
        return row is null ? null : new StateRef(ContentId.Parse(row.Root), row.Version);
    }

    /// <summary>The conditional UPDATE and whatever goes with it in one transaction (the caller's, when one is open).</summary>
    public async Task<bool> TryCompareAndSwapAsync(string stateKey, StateRef expected, ContentId newRoot, Func<CancellationToken, Task>? alongside, CancellationToken ct)
    {
        var root = newRoot.ToString();
        var now = clock.GetUtcNow();
        var version = expected.Version;
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var updated = await db.StateRefs.Where(r => r.Key == stateKey && r.Version == version)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Root, root).SetProperty(r => r.Version, version + 1).SetProperty(r => r.ChangedAt, now), ct);
        if (updated != 1)
            return false;
        if (alongside is not null)
            await alongside(ct);
        if (intent is not null)
        {
            await intent.ConfirmAsync(ct);
            DroppedRoots.Record(db, expected.Root, now);
            await db.SaveChangesAsync(ct);
        }
        if (own is not null)
            await own.CommitAsync(ct);
        return true;
    }

    public async Task InTransactionAsync(Func<CancellationToken, Task> work, CancellationToken ct)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await work(ct);
        if (intent is not null)
            await intent.ConfirmAsync(ct);
        if (own is not null)
            await own.CommitAsync(ct);
    }
}
