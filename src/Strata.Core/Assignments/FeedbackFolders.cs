using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Maintenance;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Blobs;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Assignments;

/// <summary>
/// The feedback folder graders write for one student of one assignment (API.md "…/feedback/files"): a state of its own,
/// kept beside the instance (it goes when the instance goes) and changed only through the one state writer. Students
/// never read it here; hand-back copies it into their current state.
/// </summary>
public sealed class FeedbackFolders(StrataDb db, AssignmentLookup lookup, IBlobStore blobs, ITreeStore trees, IStateRefStore refs, StateWriter writer,
    ContentLimits limits, AuditLog audit, TimeProvider clock, WriteIntent intent)
{
    public static string KeyOf(Guid assignmentId, Guid instanceId) => $"instance/{instanceId:N}/feedback/{assignmentId:N}";

    public async Task<StateRead> ReadAsync(Actor actor, string org, string space, Guid id, string instance, string? path, CancellationToken ct)
    {
        var (_, target, key) = await FolderAsync(actor, org, space, id, instance, ct);
        var state = await refs.GetAsync(key, ct);
        var root = state?.Root ?? Tree.EmptyId;
        var at = StoragePath.Parse(path);
        var editor = new TreeEditor(trees, root);
        var entry = at.IsRoot ? null : await editor.GetEntryAsync(at, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, $"There is no file or folder \"{at}\" in this feedback folder.");
        if (entry is { IsFolder: false })
            return new StateRead(null, entry, state?.Version ?? 0, target.Id);
        var entries = await editor.ListAsync(at, ct);
        return new StateRead(new FolderView(at.ToString(), [.. entries.Select(e => FileEntryView.Of(e))]), null, state?.Version ?? 0, target.Id);
    }

    public Task<Stream> OpenAsync(TreeEntry file, CancellationToken ct) => blobs.OpenReadAsync(file.Id, ct);

    public async Task<FileWrite> UploadAsync(Actor actor, string org, string space, Guid id, string instance, string? path, Stream body, long? ifMatch, CancellationToken ct)
    {
        var (scope, target, key) = await FolderAsync(actor, org, space, id, instance, ct);
        var at = StoragePath.Parse(path);
        if (at.IsRoot)
            throw new DomainException(ErrorCodes.InvalidPath, "Give the feedback file a path: PUT …/feedback/files/{path}.");
        await intent.BeginAsync(ct);
        await EnsureAsync(key, target.Id, ct);
        var stored = await blobs.PutAsync(new LimitedStream(body, limits.MaxUploadBytes), ct);
        var now = clock.GetUtcNow();
        var (state, created) = await writer.UpdateAsync(key, editor => editor.PutFileAsync(at, stored.Id, stored.Size, now, ct), ifMatch, ct);
        audit.Record(scope.Org.Id, actor, "feedback.written", $"feedback for {InstanceService.Target(scope.Space, target)}", at.ToString());
        await db.SaveChangesAsync(ct);
        return new FileWrite(FileEntryView.Of(TreeEntry.File(at.Name, stored.Id, stored.Size, now)), created, state.Version);
    }

    public async Task<long> DeleteAsync(Actor actor, string org, string space, Guid id, string instance, string? path, long? ifMatch, CancellationToken ct)
    {
        var (scope, target, key) = await FolderAsync(actor, org, space, id, instance, ct);
        var at = StoragePath.Parse(path);
        if (await refs.GetAsync(key, ct) is null)
            throw new DomainException(ErrorCodes.NotFound, $"There is no file or folder \"{at}\" in this feedback folder.");
        await intent.BeginAsync(ct);
        var (state, _) = await writer.UpdateAsync(key, editor => editor.DeleteAsync(at, ct), ifMatch, ct);
        audit.Record(scope.Org.Id, actor, "feedback.deleted", $"feedback for {InstanceService.Target(scope.Space, target)}", at.ToString());
        await db.SaveChangesAsync(ct);
        return state.Version;
    }

    /// <summary>The feedback folder's root, or the empty tree when nobody wrote one.</summary>
    public async Task<ContentId> RootAsync(Guid assignmentId, Guid instanceId, CancellationToken ct) =>
        (await refs.GetAsync(KeyOf(assignmentId, instanceId), ct))?.Root ?? Tree.EmptyId;

    private async Task<(SpaceScope Scope, Instance Target, string Key)> FolderAsync(Actor actor, string org, string space, Guid id, string instance, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        var (target, _) = await lookup.TargetAsync(scope, assignment, instance, ct);
        return (scope, target, KeyOf(assignment.Id, target.Id));
    }

    /// <summary>The folder's pointer comes into being with its first file; two first files at once make one.</summary>
    private async Task EnsureAsync(string key, Guid instanceId, CancellationToken ct)
    {
        if (await refs.GetAsync(key, ct) is not null)
            return;
        db.StateRefs.Add(new StateRefRow { Key = key, Root = Tree.EmptyId.ToString(), Version = 1, InstanceId = instanceId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
        }
    }
}
