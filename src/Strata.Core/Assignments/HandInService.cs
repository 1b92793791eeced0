using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Maintenance;
using Strata.Core.Snapshots;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Assignments;

/// <summary>
/// Hand-ins (SPEC §12): a hand-in freezes the assignment's paths of an instance's current state as a snapshot of type
/// handin; collection freezes the same for targets that did not hand in. Either is one row of a snapshot, one of a
/// hand-in and at most one new folder object, whatever the size of the work.
/// </summary>
public sealed class HandInService(StrataDb db, AssignmentLookup lookup, IStateRefStore refs, ITreeStore trees, SnapshotService snapshots, SnapshotOptions limits,
    AuditLog audit, TimeProvider clock, WriteIntent intent)
{
    public async Task<HandInView> HandInAsync(Actor actor, string org, string space, Guid id, CreateHandIn request, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.VisibleAsync(actor, org, space, id, ct);
        var (instance, target) = await lookup.TargetAsync(scope, assignment, request.Instance, ct);
        AccessPolicy.Demand(Act.HandIn, scope.For(instance), scope.Org.Name, scope.Space.Name);
        var now = clock.GetUtcNow();
        var late = AssignmentRules.CheckOpen(assignment, target, now, scope.Space.Name);
        // Each hand-in is a snapshot kept for grading: as many as one person may keep snapshots, and no more.
        var made = await db.HandIns.CountAsync(h => h.AssignmentId == id && h.InstanceId == instance.Id && h.Kind == HandInKind.Handin, ct);
        if (made >= limits.PerUserLimit)
            throw new DomainException(ErrorCodes.SnapshotLimitReached,
                $"{instance.Name} has handed in \"{assignment.Name}\" {made} times, the most that are kept. The latest hand-in counts; ask an administrator of \"{scope.Space.Name}\" if you must hand in again.");

        await intent.BeginAsync(ct); // before the current root is read: see docs/storage.md
        var frozen = await PrepareAsync(assignment, instance, ct);
        if (frozen.Missing.Count > 0)
            throw new DomainException(ErrorCodes.HandinIncomplete,
                $"Your instance lacks {string.Join(", ", frozen.Missing.Select(p => $"\"{p}\""))}, which {(frozen.Missing.Count == 1 ? "is" : "are")} part of \"{assignment.Name}\". " +
                "Put back what you moved or deleted (a snapshot or the handed-out material has it), then hand in again.",
                new Dictionary<string, object?> { ["missing"] = frozen.Missing });
        var handIn = await StageAsync(assignment, instance, frozen, HandInKind.Handin, late, actor, now, ct);
        audit.Record(scope.Org.Id, actor, "assignment.handed_in", $"assignment \"{assignment.Name}\" from {InstanceService.Target(scope.Space, instance)}",
            late ? "late" : "");
        await intent.SaveChangesAsync(ct);
        return HandInView.Of(handIn.HandIn, instance.Slug, handIn.Snapshot);
    }

    /// <summary>The hand-ins of one target, newest first: its editors and viewers see them, and the space's administrators.</summary>
    public async Task<IReadOnlyList<HandInView>> ListAsync(Actor actor, string org, string space, Guid id, string? instance, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.VisibleAsync(actor, org, space, id, ct);
        var (target, _) = await lookup.TargetAsync(scope, assignment, instance, ct);
        AccessPolicy.Demand(Act.ViewHandIns, scope.For(target), scope.Org.Name, scope.Space.Name);
        var rows = await db.HandIns.AsNoTracking().Where(h => h.AssignmentId == id && h.InstanceId == target.Id)
            .Join(db.Snapshots.AsNoTracking(), h => h.SnapshotId, s => s.Id, (h, s) => new { HandIn = h, Snapshot = s }).ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.HandIn.At).ThenByDescending(r => r.HandIn.Id).Select(r => HandInView.Of(r.HandIn, target.Slug, r.Snapshot))];
    }

    /// <summary>Freezes every target without a hand-in as it is now (API.md's collect).</summary>
    public async Task<CollectResult> CollectAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        await intent.BeginAsync(ct);
        var waiting = await WithoutHandInAsync(assignment.Id, ct);
        var now = clock.GetUtcNow();
        foreach (var instance in waiting)
            await StageAsync(assignment, instance, await PrepareAsync(assignment, instance, ct), HandInKind.Collected, late: false, actor: null, now, ct);
        audit.Record(scope.Org.Id, actor, "assignment.collected", $"assignment \"{assignment.Name}\" in {scope.Space.Name}", $"{Counted.Of(waiting.Count, "instance")} without a hand-in");
        await intent.SaveChangesAsync(ct);
        return new CollectResult(waiting.Count);
    }

    /// <summary>The targets that have no hand-in of any kind.</summary>
    private async Task<List<Instance>> WithoutHandInAsync(Guid assignmentId, CancellationToken ct) =>
        await db.AssignmentTargets.AsNoTracking()
            .Where(t => t.AssignmentId == assignmentId && !db.HandIns.Any(h => h.AssignmentId == assignmentId && h.InstanceId == t.InstanceId))
            .Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => i).ToListAsync(ct);

    /// <summary>
    /// The targets to collect at their deadline (<paramref name="dueOf"/>, by instance): those without a hand-in of their own
    /// and not collected at or after that deadline.
    /// </summary>
    internal async Task<List<Instance>> WaitingAsync(Guid assignmentId, IReadOnlyDictionary<Guid, DateTimeOffset> dueOf, CancellationToken ct)
    {
        var ids = dueOf.Keys.ToList();
        var done = (await db.HandIns.AsNoTracking().Where(h => h.AssignmentId == assignmentId && ids.Contains(h.InstanceId))
                .Select(h => new { h.InstanceId, h.Kind, h.At }).ToListAsync(ct))
            .Where(h => h.Kind == HandInKind.Handin || h.At >= dueOf[h.InstanceId]).Select(h => h.InstanceId).ToHashSet();
        var waiting = ids.Where(i => !done.Contains(i)).ToList();
        return await db.Instances.AsNoTracking().Where(i => waiting.Contains(i.Id)).ToListAsync(ct);
    }

    /// <summary>The tree work of a hand-in, before any transaction: the assignment's paths of the current state as one tree, compared with the handout.</summary>
    internal async Task<Frozen> PrepareAsync(Assignment assignment, Instance instance, CancellationToken ct)
    {
        var (root, present, missing) = await Handouts.SubsetAsync(trees, await CurrentRootAsync(instance, ct), assignment.PathList, ct);
        return new Frozen(root, present, missing, await Handouts.ChangesAsync(trees, ContentId.Parse(assignment.HandoutRoot), root, ct));
    }

    /// <summary>Stages the snapshot and hand-in rows of a prepared hand-in (nothing saved).</summary>
    internal async Task<(HandIn HandIn, Snapshot Snapshot)> StageAsync(Assignment assignment, Instance instance, Frozen frozen,
        HandInKind kind, bool late, Actor? actor, DateTimeOffset now, CancellationToken ct)
    {
        var (name, description) = kind == HandInKind.Handin
            ? ($"Hand-in: {assignment.Name}", $"Handed in {(late ? "late " : "")}by {actor!.Email} at {AssignmentRules.Format(now)}.")
            : ($"Collected: {assignment.Name}", $"Collected at {AssignmentRules.Format(now)}: no hand-in had been made.");
        var snapshot = await snapshots.TakeAsync(instance, actor, Truncate(name), description, SnapshotType.Handin, ct, frozen.Root);
        var changes = frozen.Changes;
        var handIn = new HandIn
        {
            AssignmentId = assignment.Id,
            InstanceId = instance.Id,
            Kind = kind,
            At = now,
            Late = late,
            SnapshotId = snapshot.Id,
            Paths = string.Join('\n', frozen.Present),
            Added = changes.Added,
            Modified = changes.Modified,
            Deleted = changes.Deleted,
            By = actor?.Email,
        };
        db.HandIns.Add(handIn);
        return (handIn, snapshot);
    }

    private async Task<ContentId> CurrentRootAsync(Instance instance, CancellationToken ct) =>
        (await refs.GetAsync(StateRefRow.CurrentOf(instance.Id), ct) ?? throw new DomainException(ErrorCodes.NotFound, $"{instance.Name} has no current state.")).Root;

    private static string Truncate(string name) => name.Length <= Names.MaxNameLength ? name : name[..Names.MaxNameLength];
}

/// <summary>A hand-in's tree, the assignment's paths it holds and lacks, and how it differs from what was handed out.</summary>
internal sealed record Frozen(ContentId Root, IReadOnlyList<string> Present, IReadOnlyList<string> Missing, ChangeCounts Changes);
