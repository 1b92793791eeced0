using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Storage;
using Strata.Storage.Blobs;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.States;

/// <summary>
/// Files of an instance's states (SPEC §4): reads of any state the caller can see, writes only to the
/// current state, only by editors and space admins, never in Distributed. Every write is one
/// compare-and-swap of the state's root; If-Match makes it conditional on the version the caller read.
/// </summary>
public sealed class FileService(StrataDb db, AccessResolver access, IBlobStore blobs, ITreeStore trees, IStateRefStore refs, StateRoots roots, StateWriter writer,
    Compare.OtherState others, ContentLimits limits, StateUsage usage, TimeProvider clock, Maintenance.WriteIntent intent, UploadGroups groups)
{
    public const string Current = StateRoots.Current;

    public async Task<StateRead> ReadAsync(Actor actor, InstanceAddress at, string state, string? path, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
        var (root, version) = await RootOfAsync(scope.Instance, state, ct);
        var target = StoragePath.Parse(path);
        var editor = new TreeEditor(trees, root);
        var entry = target.IsRoot ? null : await editor.GetEntryAsync(target, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, $"There is no file or folder \"{target}\" in this state.");
        if (entry is { IsFolder: false })
            return new StateRead(null, entry, version, scope.Instance.Id);
        var entries = await editor.ListAsync(target, ct);
        // Without any snapshot every file of the current state is new (never snapshotted).
        var latest = state == Current ? await LatestSnapshotFolderAsync(scope.Instance, target, ct) ?? [] : null;
        var views = latest is null
            ? entries.Select(FileEntryView.Of)
            : entries.Select(e => FileEntryView.Of(e, latest.GetValueOrDefault(e.Name)));
        return new StateRead(new FolderView(target.ToString(), [.. views]), null, version, scope.Instance.Id);
    }

    /// <summary>The same folder in the newest snapshot, by name (empty when it did not exist); null when there is no snapshot.</summary>
    private async Task<Dictionary<string, TreeEntry>?> LatestSnapshotFolderAsync(Instance instance, StoragePath folder, CancellationToken ct)
    {
        var root = await db.Snapshots.AsNoTracking().Where(s => s.InstanceId == instance.Id)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Select(s => s.Root).FirstOrDefaultAsync(ct);
        if (root is null)
            return null;
        var snapshot = new TreeEditor(trees, ContentId.Parse(root));
        var there = folder.IsRoot ? null : await snapshot.GetEntryAsync(folder, ct);
        if (!folder.IsRoot && there is not { IsFolder: true })
            return [];
        return (await snapshot.ListAsync(folder, ct)).ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public Task<Stream> OpenAsync(TreeEntry file, CancellationToken ct) => blobs.OpenReadAsync(file.Id, ct);

    /// <summary>The folder to zip (its name and root id), checked before the response starts.</summary>
    public async Task<(string Name, ContentId Tree)> ZipSourceAsync(Actor actor, InstanceAddress at, string state, string? path, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
        var (root, _) = await RootOfAsync(scope.Instance, state, ct);
        var target = StoragePath.Parse(path);
        if (target.IsRoot)
        {
            RequireZippable((await trees.SummaryAsync(root, ct)).TotalSize);
            return (scope.Instance.Slug, root);
        }
        var entry = await new TreeEditor(trees, root).GetEntryAsync(target, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, $"There is no folder \"{target}\" in this state.");
        if (!entry.IsFolder)
            throw new DomainException(ErrorCodes.InvalidRequest, $"\"{target}\" is a file; download it directly, or zip its folder.");
        RequireZippable(entry.Size);
        return (entry.Name, entry.Id);
    }

    private void RequireZippable(long bytes)
    {
        if (bytes > limits.ZipMaxBytes)
            throw new DomainException(ErrorCodes.LimitExceeded,
                $"This folder holds {bytes:N0} bytes; a zip download may carry at most {limits.ZipMaxBytes:N0}. Download a smaller folder, or the files one by one.");
    }

    /// <summary>Writes a folder as a zip archive, file by file, straight into the stream.</summary>
    public async Task WriteZipAsync(ContentId folder, Stream output, CancellationToken ct)
    {
        await using var archive = await System.IO.Compression.ZipArchive.CreateAsync(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        await AddFolderAsync(archive, folder, "", ct);
    }

    private async Task AddFolderAsync(System.IO.Compression.ZipArchive archive, ContentId folder, string prefix, CancellationToken ct) =>
        await AddFolderAsync(archive, folder, prefix, new byte[ZipCompression.SampleBytes], ct);

    private async Task AddFolderAsync(System.IO.Compression.ZipArchive archive, ContentId folder, string prefix, byte[] sample, CancellationToken ct)
    {
        var tree = await trees.GetAsync(folder, ct);
        if (tree.Entries.Count == 0 && prefix.Length > 0)
            archive.CreateEntry(prefix);
        var names = ZipEntryNames.ForFolder([.. tree.Entries.Select(e => e.Name)]);
        foreach (var (entry, name) in tree.Entries.Zip(names))
        {
            if (entry.IsFolder)
            {
                await AddFolderAsync(archive, entry.Id, prefix + name + "/", sample, ct);
                continue;
            }
            // The first bytes decide whether deflating pays (ZipCompression); they are read once and written first.
            await using var source = await blobs.OpenReadAsync(entry.Id, ct);
            var start = await ZipCompression.SampleAsync(source, sample, ct);
            var zipEntry = archive.CreateEntry(prefix + name, ZipCompression.For(name, start.Span));
            zipEntry.LastWriteTime = entry.ModifiedAt;
            await using var target = await zipEntry.OpenAsync(ct);
            await target.WriteAsync(start, ct);
            await source.CopyToAsync(target, ct);
        }
    }

    /// <summary>Files added, modified and deleted from <paramref name="against"/> to <paramref name="state"/>; equal subtrees are skipped.</summary>
    public async Task<IReadOnlyList<ChangeView>> DiffAsync(Actor actor, InstanceAddress at, string state, string? against, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
        if (string.IsNullOrWhiteSpace(against))
            throw new DomainException(ErrorCodes.InvalidRequest, "Say what to compare with: ?against=current, a snapshot id, or {instance}/{state} for another instance of the space.");
        var (to, _) = await RootOfAsync(scope.Instance, state, ct);
        var from = await others.RootAsync(actor, scope, against, ct);
        var changes = await TreeDiff.CompareAsync(trees, from, to, ct);
        return [.. changes.Select(c => new ChangeView(c.Path, c.Kind.ToString().ToLowerInvariant()))];
    }

    /// <summary>
    /// Streams the body into the content store, then points the path at it. With a quota and a known
    /// <paramref name="length"/>, an upload that would surely go over is refused before its bytes are read; the exact
    /// check is made again when the state changes.
    /// </summary>
    public async Task<FileWrite> UploadAsync(Actor actor, InstanceAddress at, string state, string? path, Stream body, long? length, long? ifMatch, CancellationToken ct)
    {
        var scope = await WritableAsync(actor, at, state, ct);
        var target = StoragePath.Parse(path);
        if (target.IsRoot)
            throw new DomainException(ErrorCodes.InvalidPath, "Give the file a path: PUT .../files/{path}.");
        // Validate before the bytes arrive: a file can't go where a file sits in its folder path.
        var (current, existing) = await ExpectWritableAsync(scope, target, ifMatch, ct);
        if (Quota.Applies(scope.Space.InstanceQuotaBytes, scope.Grants) && length is { } incoming)
        {
            var used = await usage.DistinctBytesAsync(current, ct);
            var atLeast = used - (existing?.Size ?? 0) + incoming;
            Quota.Check(scope.Space.InstanceQuotaBytes!.Value, used, atLeast);
        }
        var stored = await blobs.PutAsync(new LimitedStream(body, limits.MaxUploadBytes), ct);
        var now = clock.GetUtcNow();
        var stateKey = StateRefRow.CurrentOf(scope.Instance.Id);
        var (state2, created) = ifMatch is not null
            ? await writer.UpdateAsync(stateKey, editor => editor.PutFileAsync(target, stored.Id, stored.Size, now, ct), ifMatch, QuotaCheck(scope), alongside: null, ct)
            // Without If-Match an upload may commit with the others arriving at the same time (UploadGroups): uploads that
            // check the same quota share one rewrite and one swap.
            : await groups.CommitAsync($"{stateKey}|{(Quota.Applies(scope.Space.InstanceQuotaBytes, scope.Grants) ? scope.Space.InstanceQuotaBytes : "-")}",
                new UploadGroups.Upload(target, stored.Id, stored.Size, now, intent.Held ?? throw MissingIntent()), batch => CommitUploadsAsync(scope, stateKey, batch));
        return new FileWrite(FileEntryView.Of(TreeEntry.File(target.Name, stored.Id, stored.Size, now)), created, state2.Version);
    }

    private static InvalidOperationException MissingIntent() =>
        new("An upload is committing without a write intent: WritableAsync begins one before content is stored.");

    /// <summary>
    /// Commits a group of uploads through this request's services: one rewrite and one swap for all of them, confirming
    /// every upload's write intent in the swap's transaction; when the group cannot commit as a whole, one at a time.
    /// Not cancelled by this request's client: the others wait on it.
    /// </summary>
    private async Task CommitUploadsAsync(InstanceScope scope, string stateKey, IReadOnlyList<UploadGroups.Upload> batch)
    {
        var ct = CancellationToken.None;
        Task<(StateRef, bool[])> CommitAsync(IReadOnlyList<UploadGroups.Upload> uploads)
        {
            var others = uploads.Select(u => u.Intent).Where(id => id != intent.Held).Distinct().ToList();
            return writer.UpdateAsync(stateKey, async editor =>
            {
                var created = new bool[uploads.Count];
                for (var i = 0; i < uploads.Count; i++)
                    created[i] = await editor.PutFileAsync(uploads[i].Path, uploads[i].Content, uploads[i].Size, uploads[i].At, ct);
                return created;
            }, ifMatchVersion: null, QuotaCheck(scope), (_, _, _, token) => intent.ConfirmAsync(others, token), ct);
        }

        try
        {
            var (state, created) = await CommitAsync(batch);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Answer(state, created[i]);
        }
        catch (Exception e) when (batch.Count == 1)
        {
            batch[0].Fail(e);
        }
        catch (Exception)
        {
            // One of them spoils the group (or the group met a failure): each alone gets its own answer.
            foreach (var upload in batch)
            {
                try
                {
                    var (state, created) = await CommitAsync([upload]);
                    upload.Answer(state, created[0]);
                }
                catch (Exception alone)
                {
                    upload.Fail(alone);
                }
            }
        }
    }

    /// <summary>Runs once the change's trees are written, before the swap: refuses a change over the quota, so nothing moves.</summary>
    private Func<ContentId, ContentId, CancellationToken, Task>? QuotaCheck(InstanceScope scope) => Quota.Vet(scope.Space.InstanceQuotaBytes, scope.Grants, usage);

    public async Task<long> DeleteAsync(Actor actor, InstanceAddress at, string state, string? path, long? ifMatch, CancellationToken ct)
    {
        var scope = await WritableAsync(actor, at, state, ct);
        var target = StoragePath.Parse(path);
        var (result, _) = await writer.UpdateAsync(StateRefRow.CurrentOf(scope.Instance.Id), editor => editor.DeleteAsync(target, ct), ifMatch, ct);
        return result.Version;
    }

    /// <summary>Deletes several files and folders as one change of the state: all of them, or (one missing) none.</summary>
    public async Task<long> DeleteManyAsync(Actor actor, InstanceAddress at, string state, IReadOnlyList<string> paths, long? ifMatch, CancellationToken ct)
    {
        var scope = await WritableAsync(actor, at, state, ct);
        var targets = paths.Select(StoragePath.Parse).Distinct().ToList();
        if (targets.Count == 0)
            throw new DomainException(ErrorCodes.InvalidRequest, "Select the files and folders to delete first.");
        // A folder and something inside it: deleting the folder covers both.
        targets = [.. targets.Where(t => !targets.Any(o => !o.Equals(t) && o.IsSameOrAncestorOf(t)))];
        var (result, _) = await writer.UpdateAsync(StateRefRow.CurrentOf(scope.Instance.Id), async editor =>
        {
            foreach (var target in targets)
                await editor.DeleteAsync(target, ct);
            return true;
        }, ifMatch, ct);
        return result.Version;
    }

    public async Task<(bool Created, long Version)> CreateFolderAsync(Actor actor, InstanceAddress at, string state, string? path, long? ifMatch, CancellationToken ct)
    {
        var scope = await WritableAsync(actor, at, state, ct);
        var target = StoragePath.Parse(path);
        var (result, created) = await writer.UpdateAsync(StateRefRow.CurrentOf(scope.Instance.Id), editor => editor.CreateFolderAsync(target, ct), ifMatch, ct);
        return (created, result.Version);
    }

    public async Task<long> MoveAsync(Actor actor, InstanceAddress at, string state, string? from, string? to, long? ifMatch, CancellationToken ct)
    {
        var scope = await WritableAsync(actor, at, state, ct);
        var (source, target) = (StoragePath.Parse(Required(from, "from")), StoragePath.Parse(Required(to, "to")));
        var (result, _) = await writer.UpdateAsync(StateRefRow.CurrentOf(scope.Instance.Id), async editor =>
        {
            await CarriedPaths.EnsureFitAsync(trees, await editor.GetEntryAsync(source, ct), source, target, ct);
            await editor.MoveAsync(source, target, ct);
            return true;
        }, ifMatch, ct);
        return result.Version;
    }

    /// <summary>Copies within the current state or from another state of the same instance (a snapshot): ids only.</summary>
    public async Task<long> CopyAsync(Actor actor, InstanceAddress at, string state, string? from, string? to, string? fromState, long? ifMatch, CancellationToken ct)
    {
        var scope = await WritableAsync(actor, at, state, ct);
        var (source, target) = (StoragePath.Parse(Required(from, "from")), StoragePath.Parse(Required(to, "to")));
        ContentId? sourceRoot = fromState is null or Current ? null : (await RootOfAsync(scope.Instance, fromState, ct)).Root;
        var (result, _) = await writer.UpdateAsync(StateRefRow.CurrentOf(scope.Instance.Id), async editor =>
        {
            var entry = await (sourceRoot is { } other ? new TreeEditor(trees, other) : editor).GetEntryAsync(source, ct);
            await CarriedPaths.EnsureFitAsync(trees, entry, source, target, ct);
            await editor.CopyAsync(source, target, sourceRoot, ct);
            return true;
        }, ifMatch, QuotaCheck(scope), alongside: null, ct);
        return result.Version;
    }

    private async Task<InstanceScope> WritableAsync(Actor actor, InstanceAddress at, string state, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        if (state != Current)
        {
            AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
            await RootOfAsync(scope.Instance, state, ct);
            throw new DomainException(ErrorCodes.SnapshotImmutable, "Snapshots never change. Write to the current state, or restore the snapshot into it.");
        }
        AccessPolicy.Demand(Act.WriteState, scope.Grants, scope.Org.Name, scope.Space.Name);
        if (scope.Instance.Kind == InstanceKind.Distributed)
            throw new DomainException(ErrorCodes.DistributedInstance,
                "Distributed only changes by distribution: it accumulates what is distributed to all instances.");
        // Before any root is read or any content stored: what this change builds on is then safe from the collector.
        await intent.BeginAsync(ct);
        return scope;
    }

    /// <summary>The current root and what is at the target now, once the write is known to be possible there.</summary>
    private async Task<(ContentId Root, TreeEntry? Existing)> ExpectWritableAsync(InstanceScope scope, StoragePath target, long? ifMatch, CancellationToken ct)
    {
        var current = await refs.GetAsync(StateRefRow.CurrentOf(scope.Instance.Id), ct);
        if (ifMatch is { } expected && expected != current!.Value.Version)
            throw StateWriter.VersionConflict(current.Value.Version);
        var existing = await new TreeEditor(trees, current!.Value.Root).GetEntryAsync(target, ct);
        if (existing is { IsFolder: true })
            throw new StorageException(StorageException.AlreadyExists, $"\"{target}\" is a folder; a file cannot replace it.");
        return (current.Value.Root, existing);
    }

    private Task<(ContentId Root, long? Version)> RootOfAsync(Instance instance, string state, CancellationToken ct) =>
        roots.RootOfAsync(instance, state, ct);

    private static string Required(string? value, string field) =>
        value ?? throw new DomainException(ErrorCodes.InvalidRequest, $"The field '{field}' is required: a path in the state.");
}
