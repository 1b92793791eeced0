using System.Data;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Strata.Core.Data;
using Strata.Storage;
using Strata.Storage.Collection;
using Strata.Storage.Objects;
using Strata.Storage.Trees;

namespace Strata.Core.Maintenance;

/// <summary>What one collection did, as its run records it.</summary>
public sealed record GcReport(
    long ObjectsMarked,
    long ObjectsListed,
    long BlobsTrashed,
    long TreesTrashed,
    long BytesTrashed,
    long Restored,
    long BlobsDeleted,
    long TreesDeleted,
    long BytesReclaimed,
    long TemporaryDeleted,
    long RecentKept,
    bool Purged,
    string? Note,
    double Seconds);

/// <summary>
/// One online garbage collection (SPEC §10; the design and its safety argument are in docs/storage.md): mark from the live
/// and recently dropped roots; move what is unmarked and older than the grace period to the trash; wait a little for the
/// changes that were in flight; mark again from the roots committed meanwhile; put back what the second mark reached and
/// delete the rest of the trash, only if no change that was in flight when the sweep ended is still in flight. Writers
/// never wait for it; a read that meets an object in the trash puts it back.
/// </summary>
public sealed class GarbageCollector(StrataDb db, IObjectStore objects, ITreeStore trees, CollectorOptions options, TimeProvider clock, ILogger<GarbageCollector> logger)
{
    /// <summary>Runs a collection; <paramref name="stillHeld"/> renews the run's lease and says whether this node still has it (checked before anything moves).</summary>
    public async Task<GcReport> RunAsync(bool dryRun, IProgress<long> progress, Func<Task<bool>> stillHeld, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await ExpireAsync(ct);
        var marks = new Marker(trees);
        var first = await ReadRootsAsync(ct);
        logger.LogInformation("Collection: marking from {Roots} roots ({Dropped} recently dropped).", first.Roots, first.Dropped);
        await MarkAsync(marks, first, progress, ct);
        logger.LogInformation("Collection: {Folders} folder objects and {Files} files marked in {Seconds:F1} s.", marks.FoldersMarked, marks.FilesMarked, watch.Elapsed.TotalSeconds);
        if (marks.Missing.Count > 0)
            throw new StorageException(StorageException.Unavailable,
                $"{marks.Missing.Count} folder objects reachable from live states are missing or damaged (the first is {marks.Missing[0]}), so what lies beneath them is unknown and nothing was collected. Run an integrity check (POST /api/v1/admin/fsck) to see which states they break.");

        var sweep = new Sweep(objects, marks);
        var now = clock.GetUtcNow();
        if (!dryRun && !await stillHeld())
            throw new StorageException(StorageException.Unavailable, "Another node took this collection over before its sweep; nothing was moved here.");
        var trashed = await sweep.TrashAsync(now - options.Grace, dryRun, ct);
        var temporary = await sweep.TemporaryAsync(now - options.TemporaryAge, dryRun, ct);
        logger.LogInformation("Collection: {Listed} objects listed, {Blobs} files and {Trees} folder objects ({Bytes} bytes) {Verb}.",
            trashed.Listed, trashed.Blobs, trashed.Trees, trashed.Bytes, dryRun ? "would go" : "moved to the trash");
        if (dryRun)
            return Report(marks, trashed, restored: 0, deleted: trashed, temporary, purged: false,
                $"Dry run: nothing was moved. {trashed.Blobs + trashed.Trees:N0} unreachable objects ({trashed.Bytes:N0} bytes) would go.{Recent(trashed)}", watch);

        // Changes in flight when the sweep ended may rely on what it took: wait a little for them, then mark again.
        var inFlight = await IntentsAsync(ct);
        var settled = await WaitForAsync(inFlight, ct);
        await ExpireAsync(ct);
        var second = await ReadRootsAsync(ct);
        await MarkAsync(marks, second, progress, ct);
        var purge = settled && !second.Intents.Overlaps(inFlight) && marks.Missing.Count == 0;
        if (!await stillHeld())
            throw new StorageException(StorageException.Unavailable, "Another node took this collection over before its purge; the trash is left for the next run.");
        var (deleted, restored) = await sweep.PurgeAsync(purge, ct);
        var note = (purge ? ""
            : $"{second.Intents.Intersect(inFlight).Count()} changes that began before the sweep ended were still in flight after {options.IntentWait.TotalSeconds:N0} s, so the trash was kept for the next collection (nothing is lost: reads put back what they need).")
            + Recent(trashed);
        note = note.Length == 0 ? null : note.Trim();
        logger.LogInformation("Collection: {Restored} objects put back; {Deleted} deleted for good ({Bytes} bytes){Note}.",
            restored, deleted.Blobs + deleted.Trees, deleted.Bytes, purge ? "" : "; purge postponed");
        return Report(marks, trashed, restored, deleted, temporary, purge, note, watch);
    }

    private static GcReport Report(Marker marks, SweepCounts trashed, long restored, SweepCounts deleted, SweepCounts temporary, bool purged, string? note, Stopwatch watch) =>
        new(marks.ObjectsMarked, trashed.Listed, trashed.Blobs, trashed.Trees, trashed.Bytes, restored, deleted.Blobs, deleted.Trees, deleted.Bytes + temporary.Bytes,
            temporary.Blobs, trashed.Recent, purged, note, Math.Round(watch.Elapsed.TotalSeconds, 2));

    /// <summary>A sentence about unreachable objects left because they are younger than the grace period, if any.</summary>
    private string Recent(SweepCounts trashed) => trashed.Recent == 0 ? ""
        : $" {trashed.Recent:N0} unreachable objects written in the last {Describe(options.Grace)} stay until they are older (STRATA_GC_GRACE_SECONDS).";

    private static string Describe(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0} s";

    /// <summary>Intents past their lifetime go (their changes can no longer commit), and with them the dropped roots no change in flight can have read.</summary>
    private async Task ExpireAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var intents = now - options.IntentLifetime;
        var dropped = intents - options.ClockSkew;
        var expired = await db.WriteIntents.Where(i => i.CreatedAt < intents).ExecuteDeleteAsync(ct);
        await db.DroppedRoots.Where(d => d.DroppedAt < dropped).ExecuteDeleteAsync(ct);
        var staged = now - Sync.ContentBatch.StagedLifetime;
        await db.StagedContents.Where(s => s.CreatedAt < staged).ExecuteDeleteAsync(ct);
        if (expired > 0)
            logger.LogWarning("Collection: {Count} changes ran longer than {Lifetime} and were abandoned (they will be refused if they try to commit).", expired, options.IntentLifetime);
    }

    private sealed record RootSet(IReadOnlyList<ContentId> Live, IReadOnlyList<ContentId> DroppedRoots, HashSet<Guid> Intents, IReadOnlyList<ContentId> Staged)
    {
        public int Roots => Live.Count + DroppedRoots.Count;

        public int Dropped => DroppedRoots.Count;
    }

    /// <summary>
    /// Live roots first, where a missing folder is damage; then the dropped ones, whose objects a collection may have taken
    /// already (they were unreachable and no change in flight could have read them: the skew margin takes in more roots
    /// than changes in flight can have read).
    /// </summary>
    private static async Task MarkAsync(Marker marks, RootSet roots, IProgress<long> progress, CancellationToken ct)
    {
        await marks.MarkAsync(roots.Live, progress, ct);
        await marks.MarkAsync(roots.DroppedRoots, progress, ct, missingIsDamage: false);
        marks.MarkFiles(roots.Staged);
    }

    /// <summary>
    /// Live roots, the intents alive, and the roots dropped since the oldest of them began (less the clock skew allowed
    /// between nodes): a change in flight may have read those, and no other change can still commit what it read. All as
    /// of one moment of the database.
    /// </summary>
    private async Task<RootSet> ReadRootsAsync(CancellationToken ct)
    {
        await using var transaction = await BeginSnapshotAsync(ct);
        var live = await LiveRoots.ReadAsync(db, ct);
        var intents = await db.WriteIntents.AsNoTracking().Select(i => new { i.Id, i.CreatedAt }).ToListAsync(ct);
        List<string> dropped = [];
        if (intents.Count > 0)
        {
            var since = intents.Min(i => i.CreatedAt) - options.ClockSkew;
            dropped = await db.DroppedRoots.AsNoTracking().Where(d => d.DroppedAt >= since).Select(d => d.Root).ToListAsync(ct);
        }
        var staged = await db.StagedContents.AsNoTracking().Select(s => s.Hash).Distinct().ToListAsync(ct);
        await transaction.CommitAsync(ct);
        var liveRoots = live.Select(r => r.Root).Distinct().ToList();
        return new RootSet(liveRoots, [.. dropped.Select(ContentId.Parse).Except(liveRoots)], [.. intents.Select(i => i.Id)], [.. staged.Select(ContentId.Parse)]);
    }

    /// <summary>
    /// A read-only transaction that sees one moment: repeatable read on PostgreSQL. On SQLite every transaction is
    /// serializable, and Microsoft.Data.Sqlite begins a deferred one (BEGIN, not BEGIN IMMEDIATE) for ReadUncommitted:
    /// its first read fixes its snapshot in the write-ahead log without taking the write lock, so writers go on. (Read
    /// uncommitted itself applies only to shared-cache connections, which Strata never opens.)
    /// </summary>
    private Task<IDbContextTransaction> BeginSnapshotAsync(CancellationToken ct) =>
        db.Database.BeginTransactionAsync(db.Database.IsNpgsql() ? IsolationLevel.RepeatableRead : IsolationLevel.ReadUncommitted, ct);

    private async Task<HashSet<Guid>> IntentsAsync(CancellationToken ct) =>
        [.. await db.WriteIntents.AsNoTracking().Select(i => i.Id).ToListAsync(ct)];

    /// <summary>True once none of <paramref name="intents"/> is alive; false when the wait ran out first.</summary>
    private async Task<bool> WaitForAsync(HashSet<Guid> intents, CancellationToken ct)
    {
        if (intents.Count == 0)
            return true;
        var until = clock.GetUtcNow() + options.IntentWait;
        var ids = intents.ToList();
        while (true)
        {
            if (!await db.WriteIntents.AnyAsync(i => ids.Contains(i.Id), ct))
                return true;
            if (clock.GetUtcNow() >= until || options.IntentWait <= TimeSpan.Zero)
                return false;
            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, ct);
        }
    }
}
