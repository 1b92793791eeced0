using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Strata.Core.Data;
using Strata.Core.Maintenance;
using Strata.Storage.Trees;

namespace Strata.Core.Usage;

/// <summary>
/// A storage count (SPEC §10, "Accounting"): one pass over every live root of the platform that leaves, per space,
/// instance and snapshot, what it references and what it alone holds in <c>usage_figures</c>, so that the storage
/// pages and API answer from the rows of the scope asked about instead of walking the platform. An instance's current
/// state, delivery base and snapshots are its own; a distribution's pinned source and the roots it recorded for
/// recall belong to the space (deleting the instance does not drop them). Runs as a maintenance run, queued when a
/// storage page finds the figures older than <see cref="StorageUsage.Freshness"/>.
/// </summary>
public sealed class UsageCounter(StrataDb db, ITreeStore trees, TimeProvider clock, ILogger<UsageCounter> logger)
{
    public sealed record Report(int Spaces, int Instances, int Snapshots, long ObjectsReached, double Seconds);

    public async Task<Report> RunAsync(IProgress<long>? progress, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var roots = await LiveRoots.ReadAsync(db, ct);
        var spaces = new Index<Guid>();
        var instances = new Index<(Guid Space, Guid? Instance)>();
        var holders = new Index<string>();
        var holdings = roots.Select(r => new Holding(r.Root,
                holders.Of(r.OwnedByInstance ? $"{r.InstanceId}/{r.State}" : $"{r.SpaceId}/{r.Root}/{r.State}"),
                instances.Of((r.SpaceId, r.OwnedByInstance ? r.InstanceId : null)),
                spaces.Of(r.SpaceId)))
            .OrderBy(h => h.Space).ThenBy(h => h.Instance).ToList();
        logger.LogInformation("Storage count: {Roots} live roots of {Instances} instances in {Spaces} spaces.", roots.Count, instances.Count, spaces.Count);

        var alone = await HeldAlone.CountAsync(trees, holdings, holders.Count, instances.Count, spaces.Count, progress, ct);
        var (referencedByInstance, referencedBySpace) = await Referenced.CountAsync(trees, holdings, instances.Count, spaces.Count, null, ct);
        var now = clock.GetUtcNow();
        var figures = new List<UsageFigure>();
        foreach (var (space, i) in spaces.Items)
            figures.Add(new UsageFigure { ScopeId = space, Scope = UsageScope.Space, SpaceId = space, ReferencedBytes = referencedBySpace[i], HeldAloneBytes = alone.BySpace[i], CountedAt = now });
        var owned = roots.Where(r => r.OwnedByInstance).ToLookup(r => r.InstanceId!.Value);
        foreach (var ((space, instance), i) in instances.Items)
        {
            if (instance is not { } id)
                continue; // the space's records: counted in the space, not shown on their own
            figures.Add(new UsageFigure
            {
                ScopeId = id, Scope = UsageScope.Instance, SpaceId = space, InstanceId = id,
                ReferencedBytes = referencedByInstance[i], HeldAloneBytes = alone.ByInstance[i],
                Roots = RootsDigest.Of(owned[id].Select(r => r.Root.ToString())), CountedAt = now,
            });
        }
        foreach (var root in roots.Where(r => r.OwnedByInstance && Guid.TryParse(r.State, out _)))
        {
            figures.Add(new UsageFigure
            {
                ScopeId = Guid.Parse(root.State), Scope = UsageScope.Snapshot, SpaceId = root.SpaceId, InstanceId = root.InstanceId,
                HeldAloneBytes = alone.ByHolder[holders.Of($"{root.InstanceId}/{root.State}")], CountedAt = now,
            });
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.UsageFigures.ExecuteDeleteAsync(ct);
            db.UsageFigures.AddRange(figures);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        var report = new Report(spaces.Count, figures.Count(f => f.Scope == UsageScope.Instance), figures.Count(f => f.Scope == UsageScope.Snapshot),
            alone.ObjectsReached, clock.GetElapsedTime(started).TotalSeconds);
        logger.LogInformation("Storage count: {Objects} objects reached, figures for {Instances} instances and {Snapshots} snapshots in {Seconds:0.0} s.",
            report.ObjectsReached, report.Instances, report.Snapshots, report.Seconds);
        return report;
    }

    /// <summary>Dense numbers for keys, in the order first seen.</summary>
    private sealed class Index<T> where T : notnull
    {
        private readonly Dictionary<T, int> numbers = [];

        public int Count => numbers.Count;

        public IEnumerable<(T Key, int Number)> Items => numbers.Select(n => (n.Key, n.Value));

        public int Of(T key)
        {
            if (!numbers.TryGetValue(key, out var number))
                numbers[key] = number = numbers.Count;
            return number;
        }
    }
}
