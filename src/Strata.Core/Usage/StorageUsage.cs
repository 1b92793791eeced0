using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Usage;

/// <summary>Bytes of distinct file contents a scope references, and how many of them nothing outside it references (what deleting it would free).</summary>
public sealed record UsageView(long ReferencedBytes, long UniqueBytes);

public sealed record InstanceUsageView(string Instance, string Name, long ReferencedBytes, long UniqueBytes);

public sealed record SnapshotUsageView(Guid Id, string Name, long ReferencedBytes, long UniqueBytes);

public sealed record SpaceStorageView(long ReferencedBytes, long UniqueBytes, IReadOnlyList<InstanceUsageView> Instances);

public sealed record InstanceStorageView(string Instance, long ReferencedBytes, long UniqueBytes, long CurrentBytes, IReadOnlyList<SnapshotUsageView> Snapshots);

/// <summary>
/// Storage accounting over the content store (issue 5): a file's bytes count once however many states
/// hold it. "Unique" bytes are held by the scope and by no state anywhere else on the platform, so they
/// are what deleting the scope would free once garbage collection runs. The walk reads trees only,
/// each distinct tree once per root set; it never opens a blob.
/// </summary>
public sealed class StorageUsage(StrataDb db, AccessResolver access, ITreeStore trees)
{
    public async Task<SpaceStorageView> SpaceAsync(Actor actor, string org, string space, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, org, space, ct);
        AccessPolicy.Demand(Act.ViewSpaceStorage, scope.Grants, scope.Org.Name, scope.Space.Name);
        // Sorted here, not by the database: its collation differs between SQLite and PostgreSQL.
        var instances = (await db.Instances.AsNoTracking().Where(i => i.SpaceId == scope.Space.Id).ToListAsync(ct)).OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Slug, StringComparer.Ordinal).ToList();
        var roots = await RootsByInstanceAsync(ct);
        var ids = instances.Select(i => i.Id).ToHashSet();
        var outside = await BlobsAsync(roots.Where(r => !ids.Contains(r.Key)).SelectMany(r => r.Value), ct);
        var perInstance = new List<(Instance Instance, Dictionary<ContentId, long> Blobs)>();
        foreach (var instance in instances)
            perInstance.Add((instance, await BlobsAsync(roots.GetValueOrDefault(instance.Id) ?? [], ct)));
        var holders = CountHolders(perInstance.Select(p => p.Blobs));
        var all = perInstance.SelectMany(p => p.Blobs).DistinctBy(b => b.Key).ToList();
        return new SpaceStorageView(
            all.Sum(b => b.Value),
            all.Where(b => !outside.ContainsKey(b.Key)).Sum(b => b.Value),
            [.. perInstance.Select(p => new InstanceUsageView(p.Instance.Slug, p.Instance.Name, p.Blobs.Values.Sum(),
                p.Blobs.Where(b => holders[b.Key] == 1 && !outside.ContainsKey(b.Key)).Sum(b => b.Value)))]);
    }

    public async Task<InstanceStorageView> InstanceAsync(Actor actor, InstanceAddress at, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ViewInstanceStorage, scope.Grants, scope.Org.Name, scope.Space.Name);
        var instanceId = scope.Instance.Id;
        var roots = await RootsByInstanceAsync(ct);
        var outside = await BlobsAsync(roots.Where(r => r.Key != instanceId).SelectMany(r => r.Value), ct);
        var currentKey = StateRefRow.CurrentOf(instanceId);
        var current = await db.StateRefs.AsNoTracking().Where(r => r.Key == currentKey).Select(r => r.Root).ToListAsync(ct);
        var snapshots = await db.Snapshots.AsNoTracking().Where(s => s.InstanceId == instanceId)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Select(s => new { s.Id, s.Name, s.Root }).ToListAsync(ct);
        var currentBlobs = await BlobsAsync(current.Select(ContentId.Parse), ct);
        var snapshotBlobs = new List<Dictionary<ContentId, long>>();
        foreach (var snapshot in snapshots)
            snapshotBlobs.Add(await BlobsAsync([ContentId.Parse(snapshot.Root)], ct));
        var holders = CountHolders([currentBlobs, .. snapshotBlobs]);
        var all = snapshotBlobs.Append(currentBlobs).SelectMany(b => b).DistinctBy(b => b.Key).ToList();
        long UniqueOf(Dictionary<ContentId, long> blobs) => blobs.Where(b => holders[b.Key] == 1 && !outside.ContainsKey(b.Key)).Sum(b => b.Value);
        return new InstanceStorageView(scope.Instance.Slug,
            all.Sum(b => b.Value),
            all.Where(b => !outside.ContainsKey(b.Key)).Sum(b => b.Value),
            currentBlobs.Values.Sum(),
            [.. snapshots.Select((s, n) => new SnapshotUsageView(s.Id, s.Name, snapshotBlobs[n].Values.Sum(), UniqueOf(snapshotBlobs[n])))]);
    }

    /// <summary>Every root that holds content alive, by owning instance: current states and snapshots (other pointers hold ids, not content).</summary>
    private async Task<Dictionary<Guid, List<ContentId>>> RootsByInstanceAsync(CancellationToken ct)
    {
        var refs = await db.StateRefs.AsNoTracking().Where(r => r.InstanceId != null && r.Key.EndsWith(StateRefRow.CurrentSuffix)).Select(r => new { Instance = r.InstanceId!.Value, r.Root }).ToListAsync(ct);
        var snapshots = await db.Snapshots.AsNoTracking().Select(s => new { Instance = s.InstanceId, s.Root }).ToListAsync(ct);
        return refs.Concat(snapshots).GroupBy(r => r.Instance)
            .ToDictionary(g => g.Key, g => g.Select(r => ContentId.Parse(r.Root)).Distinct().ToList());
    }

    private async Task<Dictionary<ContentId, long>> BlobsAsync(IEnumerable<ContentId> roots, CancellationToken ct)
    {
        var blobs = new Dictionary<ContentId, long>();
        var seen = new HashSet<ContentId>();
        foreach (var root in roots)
            await Reachable.AddBlobsAsync(trees, root, blobs, seen, ct);
        return blobs;
    }

    private static Dictionary<ContentId, int> CountHolders(IEnumerable<Dictionary<ContentId, long>> sets)
    {
        var holders = new Dictionary<ContentId, int>();
        foreach (var set in sets)
        {
            foreach (var id in set.Keys)
                holders[id] = holders.GetValueOrDefault(id) + 1;
        }
        return holders;
    }
}
