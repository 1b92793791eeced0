using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Maintenance;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Snapshots;

/// <summary>
/// Snapshots of the current state (SPEC §5). Taking one records the current root id and the counts
/// its root tree already holds: one row, whatever the number of files.
/// </summary>
public sealed class SnapshotService(StrataDb db, AccessResolver access, IStateRefStore refs, ITreeStore trees, AuditLog audit, SnapshotOptions options, TimeProvider clock,
    WriteIntent intent)
{
    /// <summary>Attempts for a request whose slot a concurrent request took first; each lost race means another snapshot was taken.</summary>
    private const int SlotAttempts = 50;

    public async Task<SnapshotView> CreateAsync(Actor actor, InstanceAddress at, CreateSnapshot request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryCreateAsync(actor, at, request, ct);
            }
            catch (DbUpdateException e) when (Database.IsUniqueViolation(e) && attempt < SlotAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<SnapshotView> TryCreateAsync(Actor actor, InstanceAddress at, CreateSnapshot request, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.CreateSnapshot, scope.Grants, scope.Org.Name, scope.Space.Name);
        var instance = scope.Instance;
        if (instance.Kind == InstanceKind.Distributed)
            throw new DomainException(ErrorCodes.DistributedInstance, "Nobody snapshots Distributed by hand: the system snapshots it when it distributes.");
        await intent.BeginAsync(ct);
        // The limit is a number of places; the unique index on them holds it when requests race (see Snapshot.Slot).
        var taken = await db.Snapshots.Where(s => s.InstanceId == instance.Id && s.CreatedById == actor.UserId && s.Slot != null)
            .Select(s => s.Slot!.Value).ToListAsync(ct);
        var free = Enumerable.Range(1, options.PerUserLimit).Except(taken).ToList();
        if (free.Count == 0)
            throw new DomainException(ErrorCodes.SnapshotLimitReached,
                $"You have {taken.Count} snapshots in this instance, the most one person may keep. Delete snapshots you no longer need, then try again.");
        // A random free place rather than the first: racing requests then rarely pick the same one.
        var slot = free[Random.Shared.Next(free.Count)];

        var now = clock.GetUtcNow();
        var detailed = !string.IsNullOrWhiteSpace(request.Name) || !string.IsNullOrWhiteSpace(request.Description)
            || request.NextPhaseDescription is not null || request.NoWorkExpected == true;
        var name = string.IsNullOrWhiteSpace(request.Name) ? now.ToString("yyyy-MM-dd HH:mm:ss 'UTC'") : Names.Validate(request.Name, "snapshot");
        var description = request.Description is null ? instance.CurrentStateDescription : Names.ValidateDescription(request.Description, "snapshot");
        var snapshot = await TakeAsync(instance, actor, name, description, detailed ? SnapshotType.Detailed : SnapshotType.Quick, ct, slot: slot);

        if (request.NoWorkExpected == true)
        {
            instance.CurrentStateDescription = "";
            instance.Idle = true;
        }
        else if (request.NextPhaseDescription is not null)
        {
            instance.CurrentStateDescription = Names.ValidateDescription(request.NextPhaseDescription, "next work phase");
            instance.Idle = false;
        }
        audit.Record(scope.Org.Id, actor, "snapshot.created", $"snapshot \"{name}\" of {InstanceService.Target(scope.Space, instance)}");
        await intent.SaveChangesAsync(ct);
        return SnapshotView.Of(snapshot);
    }

    /// <summary>Stages a snapshot of the instance's current state (also used for auto snapshots before restore and distribution).</summary>
    public async Task<Snapshot> TakeAsync(Instance instance, Actor? actor, string name, string description, SnapshotType type, CancellationToken ct, ContentId? at = null, int? slot = null)
    {
        var rootId = at ?? (await refs.GetAsync(StateRefRow.CurrentOf(instance.Id), ct)
            ?? throw new InvalidOperationException($"Instance {instance.Id} has no current state.")).Root;
        var root = await trees.GetAsync(rootId, ct);
        var snapshot = new Snapshot
        {
            InstanceId = instance.Id,
            Name = name,
            Description = description,
            Type = type,
            CreatedAt = clock.GetUtcNow(),
            CreatedById = actor?.UserId,
            CreatedBy = actor?.Email ?? "system",
            Root = rootId.ToString(),
            FileCount = root.FileCount,
            Size = root.TotalSize,
            Slot = slot,
        };
        db.Snapshots.Add(snapshot);
        return snapshot;
    }

    public async Task<IReadOnlyList<SnapshotView>> ListAsync(Actor actor, InstanceAddress at, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
        var snapshots = await db.Snapshots.AsNoTracking().Where(s => s.InstanceId == scope.Instance.Id).ToListAsync(ct);
        return [.. snapshots.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Select(SnapshotView.Of)];
    }

    public async Task<SnapshotView> GetAsync(Actor actor, InstanceAddress at, Guid id, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
        return SnapshotView.Of(await FindAsync(scope.Instance.Id, id, ct));
    }

    /// <summary>Removes the snapshot's row; its trees and blobs stay for any other state that shares them.</summary>
    public async Task DeleteAsync(Actor actor, InstanceAddress at, Guid id, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.DeleteSnapshot, scope.Grants, scope.Org.Name, scope.Space.Name);
        var snapshot = await FindAsync(scope.Instance.Id, id, ct);
        if (snapshot.Type == SnapshotType.Handin)
            AccessPolicy.Demand(Act.DeleteHandIn, scope.Grants, scope.Org.Name, scope.Space.Name);
        db.Snapshots.Remove(snapshot);
        DroppedRoots.Record(db, [snapshot.Root], clock.GetUtcNow());
        audit.Record(scope.Org.Id, actor, "snapshot.deleted", $"snapshot \"{snapshot.Name}\" of {InstanceService.Target(scope.Space, scope.Instance)}");
        await db.SaveChangesAsync(ct);
    }

    public async Task<Snapshot> FindAsync(Guid instanceId, Guid id, CancellationToken ct) =>
        await db.Snapshots.SingleOrDefaultAsync(s => s.InstanceId == instanceId && s.Id == id, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, "There is no such snapshot in this instance.");
}
