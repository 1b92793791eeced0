using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Maintenance;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Blobs;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Sync;

/// <summary>One change of a batch: <c>put</c> (path, hash), <c>delete</c> (path), <c>move</c> (from, to) or <c>folder</c> (path).</summary>
public sealed record PathChange(string? Op, string? Path = null, string? Hash = null, string? From = null, string? To = null);

public sealed record ManifestFile(string Path, long Size, string Hash, DateTimeOffset ModifiedAt);

/// <summary>Every file of a state with its hash, and every folder (so empty ones too), at one version.</summary>
public sealed record Manifest(long? Version, IReadOnlyList<ManifestFile> Files, IReadOnlyList<string> Folders);

public sealed record StagedView(string Hash, long Size);

/// <summary>
/// The batch content API (SPEC §11, for the CLI and for many files at once): which contents an instance still needs,
/// content uploaded by its hash (verified), and many path changes applied to the current state as one update. The
/// rule that content is never revealed by its hash: a batch may reference only content its author uploaded for this
/// instance (<see cref="StagedContent"/>) or content already in a state of this instance, which the author can read;
/// "what is missing" is answered from those two alone, so it says nothing about the rest of the platform.
/// </summary>
public sealed class ContentBatch(StrataDb db, AccessResolver access, IBlobStore blobs, ITreeStore trees, StateWriter writer, StateRoots roots,
    ContentLimits limits, StateUsage usage, WriteIntent intent, TimeProvider clock)
{
    /// <summary>At most this many hashes in one question and changes in one batch (a body of a few MB).</summary>
    public const int MaxItems = 100_000;

    /// <summary>How long uploaded content waits for a batch to reference it.</summary>
    public static readonly TimeSpan StagedLifetime = TimeSpan.FromDays(1);

    public async Task<IReadOnlyList<string>> MissingAsync(Actor actor, InstanceAddress at, string state, IReadOnlyList<string>? hashes, CancellationToken ct)
    {
        var scope = await WritableAsync(actor, at, state, ct);
        var asked = Hashes(hashes, "hashes");
        var present = await PresentAsync(scope, actor.UserId, asked, ct);
        return [.. asked.Where(h => !present.ContainsKey(h)).Select(h => h.ToString())];
    }

    /// <summary>Stores content named by its hash for a later batch; refuses a body that does not hash to the name, and keeps nothing of it.</summary>
    public async Task<(StagedView Content, bool Created)> UploadAsync(Actor actor, InstanceAddress at, string state, string hash, Stream body, CancellationToken ct)
    {
        var expected = Hash(hash);
        var scope = await WritableAsync(actor, at, state, ct);
        var content = await StoreAsync(expected, body, ct);
        var created = await StageAsync(scope, actor.UserId, [content], ct);
        return (content, created > 0);
    }

    /// <summary>
    /// Many contents in one request (a pack of small files, as a push sends them): each stored and verified in turn;
    /// one that does not hash to its name refuses the whole pack, and none of it is staged.
    /// </summary>
    public async Task<IReadOnlyList<StagedView>> UploadManyAsync(Actor actor, InstanceAddress at, string state, IAsyncEnumerable<(string Hash, Stream Body)> parts,
        CancellationToken ct)
    {
        var scope = await WritableAsync(actor, at, state, ct);
        var stored = new List<StagedView>();
        await foreach (var (hash, body) in parts.WithCancellation(ct))
        {
            if (stored.Count >= MaxItems)
                throw new DomainException(ErrorCodes.LimitExceeded, $"One pack holds at most {MaxItems:N0} contents; send the rest in another.");
            stored.Add(await StoreAsync(Hash(hash), body, ct));
        }
        if (stored.Count == 0)
            throw new DomainException(ErrorCodes.InvalidRequest, "The pack holds no content: send multipart/form-data with one part per content, named by its SHA-256.");
        await StageAsync(scope, actor.UserId, stored, ct);
        return stored;
    }

    private async Task<StagedView> StoreAsync(ContentId expected, Stream body, CancellationToken ct)
    {
        var stored = await blobs.PutAsync(new LimitedStream(body, limits.MaxUploadBytes), ct);
        return stored.Id == expected
            ? new StagedView(expected.ToString(), stored.Size)
            : throw new DomainException(ErrorCodes.InvalidRequest,
                $"Content {expected}: the body's SHA-256 is {stored.Id}: it changed or was cut on the way. Nothing was kept; send it again.");
    }

    /// <summary>Records what this person uploaded for this instance (rows it has already are kept), with the scope's intent confirmed; returns how many are new.</summary>
    private async Task<int> StageAsync(InstanceScope scope, Guid userId, IReadOnlyList<StagedView> contents, CancellationToken ct)
    {
        var hashes = contents.Select(c => c.Hash).Distinct().ToList();
        var known = await db.StagedContents.Where(s => s.InstanceId == scope.Instance.Id && s.UserId == userId && hashes.Contains(s.Hash)).Select(s => s.Hash).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var added = contents.DistinctBy(c => c.Hash).Where(c => !known.Contains(c.Hash)).ToList();
        if (added.Count == 0)
            return 0;
        db.StagedContents.AddRange(added.Select(c => new StagedContent { InstanceId = scope.Instance.Id, UserId = userId, Hash = c.Hash, Size = c.Size, CreatedAt = now }));
        await intent.SaveChangesAsync(ct);
        return added.Count;
    }

    private static ContentId Hash(string hash) => ContentId.TryParse(hash, out var id) && hash.Length == 64
        ? id
        : throw new DomainException(ErrorCodes.InvalidRequest, $"\"{hash}\" is not a content hash: give the SHA-256 of the body as 64 lowercase hexadecimal digits.");

    /// <summary>Applies every change in order as one update of the current state: all of them, or none.</summary>
    public async Task<long> ApplyAsync(Actor actor, InstanceAddress at, string state, IReadOnlyList<PathChange>? changes, long? ifMatch, CancellationToken ct)
    {
        if (changes is null || changes.Count == 0)
            throw new DomainException(ErrorCodes.InvalidRequest, "Send the changes to apply: {\"changes\": [{\"op\": \"put\", \"path\": …, \"hash\": …}, …]}.");
        if (changes.Count > MaxItems)
            throw new DomainException(ErrorCodes.LimitExceeded, $"One batch holds at most {MaxItems:N0} changes; send the rest in another.");
        var scope = await WritableAsync(actor, at, state, ct);
        var edits = changes.Select(Parse).ToList();
        var referenced = edits.Where(e => e.Hash is not null).Select(e => e.Hash!.Value).Distinct().ToList();
        var present = await PresentAsync(scope, actor.UserId, referenced, ct);
        if (referenced.Where(h => !present.ContainsKey(h)).Select(h => (ContentId?)h).FirstOrDefault() is { } absent)
        {
            throw new DomainException(ErrorCodes.InvalidRequest,
                $"Content {absent} was not uploaded for this instance: upload it with PUT …/states/current/contents/{absent}, then send the changes again. Nothing was changed.");
        }
        var now = clock.GetUtcNow();
        var (after, _) = await writer.UpdateAsync(StateRefRow.CurrentOf(scope.Instance.Id), async editor =>
        {
            foreach (var edit in edits)
            {
                switch (edit.Op)
                {
                    case "put":
                        if ((await editor.GetEntryAsync(edit.Path!, ct)) is { IsFolder: true })
                            throw new StorageException(StorageException.AlreadyExists, $"\"{edit.Path}\" is a folder; a file cannot replace it.");
                        await editor.PutFileAsync(edit.Path!, edit.Hash!.Value, present[edit.Hash!.Value], now, ct);
                        break;
                    case "delete":
                        await editor.DeleteAsync(edit.Path!, ct);
                        break;
                    case "move":
                        await CarriedPaths.EnsureFitAsync(trees, await editor.GetEntryAsync(edit.From!, ct), edit.From!, edit.Path!, ct);
                        await editor.MoveAsync(edit.From!, edit.Path!, ct);
                        break;
                    default:
                        await editor.CreateFolderAsync(edit.Path!, ct);
                        break;
                }
            }
            return true;
        }, ifMatch, Quota.Vet(scope.Space.InstanceQuotaBytes, scope.Grants, usage), alongside: null, ct);
        return after.Version;
    }

    /// <summary>Every file and folder of a state, with the state's version for the current one.</summary>
    public async Task<Manifest> ManifestAsync(Actor actor, InstanceAddress at, string state, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
        var (root, version) = await roots.RootOfAsync(scope.Instance, state, ct);
        var files = new List<ManifestFile>();
        var folders = new List<string>();
        var pending = new Stack<(ContentId Id, string Path)>();
        pending.Push((root, ""));
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in (await trees.GetAsync(folder.Id, ct)).Entries)
            {
                var path = folder.Path.Length == 0 ? entry.Name : $"{folder.Path}/{entry.Name}";
                if (entry.IsFolder)
                {
                    folders.Add(path);
                    pending.Push((entry.Id, path));
                }
                else
                {
                    files.Add(new ManifestFile(path, entry.Size, entry.Id.ToString(), entry.ModifiedAt));
                }
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        folders.Sort(string.CompareOrdinal);
        return new Manifest(version, files, folders);
    }

    private async Task<InstanceScope> WritableAsync(Actor actor, InstanceAddress at, string state, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        if (state != StateRoots.Current)
        {
            AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
            await roots.RootOfAsync(scope.Instance, state, ct);
            throw new DomainException(ErrorCodes.SnapshotImmutable, "Snapshots never change. Send content and changes to the current state.");
        }
        AccessPolicy.Demand(Act.WriteState, scope.Grants, scope.Org.Name, scope.Space.Name);
        if (scope.Instance.Kind == InstanceKind.Distributed)
            throw new DomainException(ErrorCodes.DistributedInstance, "Distributed only changes by distribution: it accumulates what is distributed to all instances.");
        // Before any root is read or content stored: what the batch builds on is then safe from the collector.
        await intent.BeginAsync(ct);
        return scope;
    }

    /// <summary>
    /// Which of <paramref name="wanted"/> this person may reference in this instance, with their sizes: what they
    /// uploaded for it (and the collector still keeps), then what the instance's states hold (walked only if needed).
    /// </summary>
    private async Task<Dictionary<ContentId, long>> PresentAsync(InstanceScope scope, Guid userId, List<ContentId> wanted, CancellationToken ct)
    {
        var present = new Dictionary<ContentId, long>();
        if (wanted.Count == 0)
            return present;
        var keys = wanted.Select(h => h.ToString()).ToHashSet(StringComparer.Ordinal);
        var since = clock.GetUtcNow() - StagedLifetime;
        var staged = await db.StagedContents.AsNoTracking()
            .Where(s => s.InstanceId == scope.Instance.Id && s.UserId == userId && s.CreatedAt > since)
            .Select(s => new { s.Hash, s.Size }).ToListAsync(ct);
        foreach (var s in staged.Where(s => keys.Contains(s.Hash)))
            present[ContentId.Parse(s.Hash)] = s.Size;
        if (present.Count == wanted.Count)
            return present;
        var instanceRoots = await db.Snapshots.AsNoTracking().Where(s => s.InstanceId == scope.Instance.Id).Select(s => s.Root).ToListAsync(ct);
        instanceRoots.Add((await roots.RootOfAsync(scope.Instance, StateRoots.Current, ct)).Root.ToString());
        var held = new Dictionary<ContentId, long>();
        var seen = new HashSet<ContentId>();
        foreach (var root in instanceRoots.Distinct())
            await Reachable.AddBlobsAsync(trees, ContentId.Parse(root), held, seen, ct);
        foreach (var hash in wanted)
        {
            if (held.TryGetValue(hash, out var size))
                present.TryAdd(hash, size);
        }
        return present;
    }

    private static List<ContentId> Hashes(IReadOnlyList<string>? hashes, string field)
    {
        if (hashes is null)
            throw new DomainException(ErrorCodes.InvalidRequest, $"Send the hashes to ask about: {{\"{field}\": [\"<sha-256>\", …]}}.");
        if (hashes.Count > MaxItems)
            throw new DomainException(ErrorCodes.LimitExceeded, $"Ask about at most {MaxItems:N0} hashes at once; ask about the rest in another request.");
        return [.. hashes.Select(Hash).Distinct()];
    }

    private sealed record Edit(string Op, StoragePath? Path, ContentId? Hash, StoragePath? From);

    private static Edit Parse(PathChange change, int index)
    {
        string Field(string? value, string name) => value ?? throw new DomainException(ErrorCodes.InvalidRequest,
            $"Change {index + 1} ({change.Op}) needs '{name}'.");
        switch (change.Op)
        {
            case "put":
                if (!ContentId.TryParse(Field(change.Hash, "hash"), out var hash))
                    throw new DomainException(ErrorCodes.InvalidRequest, $"Change {index + 1}: \"{change.Hash}\" is not a content hash (64 hexadecimal digits).");
                return new Edit("put", FilePath(Field(change.Path, "path")), hash, null);
            case "delete":
                return new Edit("delete", FilePath(Field(change.Path, "path")), null, null);
            case "move":
                return new Edit("move", FilePath(Field(change.To, "to")), null, FilePath(Field(change.From, "from")));
            case "folder":
                return new Edit("folder", FilePath(Field(change.Path, "path")), null, null);
            default:
                throw new DomainException(ErrorCodes.InvalidRequest, $"Change {index + 1}: 'op' is \"{change.Op}\"; use put, delete, move or folder.");
        }
    }

    private static StoragePath FilePath(string path)
    {
        var parsed = StoragePath.Parse(path);
        return parsed.IsRoot ? throw new DomainException(ErrorCodes.InvalidPath, "A change needs a path inside the state, not its root.") : parsed;
    }
}
