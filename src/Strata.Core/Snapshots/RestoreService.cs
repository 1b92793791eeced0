using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Maintenance;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Snapshots;

public sealed record RestoreRequest(IReadOnlyList<string>? Paths = null, RestoreTarget? Target = null);

public sealed record RestoreTarget(string? Instance);

public sealed record RestoreResult(SnapshotView SafetySnapshot, InstanceView Target);

/// <summary>
/// Puts a snapshot's content back into a current state, fully or for selected paths, in this instance
/// or another one of the space. The target is snapshotted first (type auto) at exactly the version the
/// restore replaces, so the restore can always be undone. Only ids move; no bytes are copied.
/// </summary>
public sealed class RestoreService(StrataDb db, AccessResolver access, SnapshotService snapshots, StateWriter writer, AuditLog audit, StateUsage usage, WriteIntent intent)
{
    public async Task<RestoreResult> RestoreAsync(Actor actor, InstanceAddress at, Guid snapshotId, RestoreRequest request, CancellationToken ct)
    {
        var source = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ReadState, source.Grants, source.Org.Name, source.Space.Name);
        await intent.BeginAsync(ct); // before the snapshot's root is read: see docs/storage.md
        var snapshot = await snapshots.FindAsync(source.Instance.Id, snapshotId, ct);
        var targetSlug = request.Target?.Instance ?? at.Instance;
        var target = targetSlug == at.Instance ? source : await access.InstanceAsync(actor, at.Org, at.Space, targetSlug, ct);
        AccessPolicy.Demand(Act.WriteState, target.Grants, target.Org.Name, target.Space.Name);
        if (target.Instance.Kind == InstanceKind.Distributed)
            throw new DomainException(ErrorCodes.DistributedInstance, "Nothing is restored into Distributed: it changes only by distribution.");
        var paths = (request.Paths ?? []).Select(StoragePath.Parse).ToList();
        var sourceRoot = ContentId.Parse(snapshot.Root);
        var key = StateRefRow.CurrentOf(target.Instance.Id);

        async Task<Snapshot> RecordAsync(ContentId? replaced, string note, CancellationToken token)
        {
            var taken = await snapshots.TakeAsync(target.Instance, actor, $"Before restoring \"{snapshot.Name}\"",
                $"Automatic snapshot taken before {(paths.Count == 0 ? "a full" : "a partial")} restore of \"{snapshot.Name}\".", SnapshotType.Auto, token, replaced);
            audit.Record(source.Org.Id, actor, "snapshot.restored", $"snapshot \"{snapshot.Name}\" of {InstanceService.Target(source.Space, source.Instance)}",
                $"into \"{target.Instance.Name}\"{(paths.Count == 0 ? "" : ": " + string.Join(", ", paths))}{note}");
            await db.SaveChangesAsync(token);
            return taken;
        }

        // The swap, the safety snapshot (exactly the root the swap replaced) and the audit entry commit together.
        Snapshot? safety = null;
        await writer.UpdateAsync(key, editor => TreeApplier.ApplyAsync(editor, sourceRoot, paths, ApplyPolicies.Overwrite, replaceSelected: true, ct), null,
            Quota.Vet(target.Space.InstanceQuotaBytes, target.Grants, usage),
            async (before, _, _, token) => safety = await RecordAsync(before.Root, "", token), ct);
        // Nothing changed (the state holds the snapshot's content already): the current root is the one kept.
        safety ??= await RecordAsync(null, " (nothing changed)", ct);
        return new RestoreResult(SnapshotView.Of(safety), InstanceService.View(target.Instance, target.Space, target.Grants));
    }
}
