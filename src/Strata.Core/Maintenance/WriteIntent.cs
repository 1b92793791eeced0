using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Storage;

namespace Strata.Core.Maintenance;

/// <summary>
/// The write intent of this scope (a request, one distribution target): begun before an operation reads a root it
/// will build on or stores an object, confirmed inside every commit that makes roots reference objects, ended with
/// the scope. Its rows are written through a connection of their own (<see cref="StandaloneDb"/>), so neither the caller's
/// pending changes nor its transaction are touched, and the ending works while the scope is being torn down. Garbage
/// collection relies on it: see docs/storage.md.
/// </summary>
public sealed class WriteIntent(StrataDb db, StandaloneDb standalone, TimeProvider clock, HeldIntent? holder = null) : IAsyncDisposable
{
    private Guid? held;

    /// <summary>
    /// Begins the scope's intent unless one is held; the insert has committed when this returns, before anything is read
    /// or stored. Ending it is the scope's end (or disposing what this returns, where one scope runs several changes).
    /// </summary>
    public async Task<IAsyncDisposable> BeginAsync(CancellationToken ct)
    {
        if (held is not null)
            return Nothing.Instance;
        var row = new WriteIntentRow { CreatedAt = clock.GetUtcNow() };
        await using (var own = standalone.Open())
        {
            own.WriteIntents.Add(row);
            await own.SaveChangesAsync(ct);
        }
        held = row.Id;
        if (holder is not null)
            holder.Intent = this;
        return new Ending(this);
    }

    /// <summary>
    /// Inside a commit's transaction: the intent must still be there (it locks the row, so the collector's removal of an
    /// expired intent and this commit are ordered). Throws when the collector removed it: the change ran longer than an
    /// intent lives, and its objects may be gone from their keys, so it must not commit.
    /// </summary>
    public async Task ConfirmAsync(CancellationToken ct)
    {
        if (held is not { } id)
            throw new InvalidOperationException("A state change is committing without a write intent: call WriteIntent.BeginAsync before it reads a root or stores an object.");
        var confirmed = await db.WriteIntents.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedAt, i => i.CreatedAt), ct);
        if (confirmed == 0)
            throw new StorageException(StorageException.Unavailable,
                "This change took so long that storage maintenance abandoned it, and nothing of it was kept. Try again.");
    }

    /// <summary>The intent this scope holds, if it began one: another scope's commit may confirm it (a group commit).</summary>
    public Guid? Held => held;

    /// <summary>
    /// Confirms other scopes' intents inside this scope's commit, as <see cref="ConfirmAsync(CancellationToken)"/> does its
    /// own: a commit that references objects they stored must not happen once any of them was abandoned.
    /// </summary>
    public async Task ConfirmAsync(IReadOnlyCollection<Guid> others, CancellationToken ct)
    {
        if (others.Count == 0)
            return;
        var confirmed = await db.WriteIntents.Where(i => others.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedAt, i => i.CreatedAt), ct);
        if (confirmed != others.Count)
            throw new StorageException(StorageException.Unavailable,
                "This change took so long that storage maintenance abandoned it, and nothing of it was kept. Try again.");
    }

    /// <summary>Saves the context's changes (rows that reference roots) in one transaction with the confirmation.</summary>
    public async Task SaveChangesAsync(CancellationToken ct)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await ConfirmAsync(ct);
        await db.SaveChangesAsync(ct);
        if (own is not null)
            await own.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync() => await EndAsync();

    /// <summary>Ends the intent, if one is held; what the scope's end does, for a host that wants it done before it answers.</summary>
    public async Task EndAsync()
    {
        if (held is not { } id)
            return;
        held = null;
        try
        {
            await using var own = standalone.Open();
            await own.WriteIntents.Where(i => i.Id == id).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            // A database that went away keeps the row until the collector removes it as expired: purges wait until then, no more.
        }
    }

    private sealed class Ending(WriteIntent intent) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await intent.EndAsync();
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// The write intent a scope began, if any: a host ends it when its work is done without building a
/// <see cref="WriteIntent"/> (and with it a database context) for every request that never writes.
/// </summary>
public sealed class HeldIntent
{
    public WriteIntent? Intent { get; internal set; }
}
