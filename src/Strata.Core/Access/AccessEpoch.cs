using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;

namespace Strata.Core.Access;

/// <summary>
/// The one row that says whether anything that decides access has changed: database triggers on accounts, tokens,
/// organisations, spaces, instances and every role add one to <see cref="Value"/> in the transaction that makes the
/// change, whichever node (or script) makes it. A cache entry read at one value is good while the value stays.
/// </summary>
public sealed class AccessEpochRow
{
    public const int TheOne = 1;

    public int Id { get; init; }

    public long Value { get; init; }
}

/// <summary>
/// The access epoch as this request sees it, read once (one tiny round trip) and again after the request saves:
/// its own change may have moved it. Inside a transaction there is none to offer — what the transaction sees may never
/// commit — so callers read the database as they would without a cache.
/// </summary>
public sealed class AccessEpoch
{
    private const string Query = """SELECT "Value" FROM access_epoch WHERE "Id" = 1""";

    private readonly StrataDb db;
    private long? known;

    public AccessEpoch(StrataDb db)
    {
        this.db = db;
        db.SavedChanges += (_, _) => known = null;
        db.SaveChangesFailed += (_, _) => known = null;
    }

    /// <summary>The committed epoch, or null when this request is inside a transaction and must not use a cache.</summary>
    public async ValueTask<long?> CurrentAsync(CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            return null;
        if (known is { } value)
            return value;
        await db.KeepConnectionOpenAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Query;
        var read = await command.ExecuteScalarAsync(ct);
        return known = read is null or DBNull ? null : Convert.ToInt64(read, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Forgets the value read, so the next question reads it again (after a change made without a save).</summary>
    public void Forget() => known = null;
}
