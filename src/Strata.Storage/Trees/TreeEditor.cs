namespace Strata.Storage.Trees;

/// <summary>
/// Stages many edits over one root tree in memory, loading folders only as edits reach them, and on
/// <see cref="CommitAsync"/> writes just the folders that changed, bottom-up. A folder holds its edits
/// beside what it was, and a name is looked up in the one chunk it belongs in, so an edit to one path
/// costs the depth of the path times the log of the folders' widths, never the number of files; copies
/// move ids, never bytes.
/// </summary>
public sealed class TreeEditor(ITreeStore store, ContentId rootId, TimeProvider? clock = null)
{
    private readonly Folder root = new(rootId);
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    public ITreeStore Store => store;

    /// <summary>The entry at a path (root: null), or null when nothing is there. Folder entries carry their current id.</summary>
    public async Task<TreeEntry?> GetEntryAsync(StoragePath path, CancellationToken ct)
    {
        if (path.IsRoot)
            return null;
        var parent = await FindFolderAsync(path.Parent, ct);
        if (parent is null)
            return null;
        return await SlotAsync(parent, path.Name, ct) is { } slot ? await EntryOfAsync(path.Name, slot, ct) : null;
    }

    /// <summary>As <see cref="GetEntryAsync"/>, but null also when a file stands where a folder of the path would be.</summary>
    public async Task<TreeEntry?> FindAsync(StoragePath path, CancellationToken ct)
    {
        try
        {
            return await GetEntryAsync(path, ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotAFolder)
        {
            return null;
        }
    }

    /// <summary>The entries of a folder, sorted by name; throws not_found or not_a_folder.</summary>
    public async Task<IReadOnlyList<TreeEntry>> ListAsync(StoragePath path, CancellationToken ct)
    {
        var folder = await FindFolderAsync(path, ct) ?? throw await MissingAsync(path, ct);
        if (folder.Changes.Count == 0)
            return folder.OriginalId is { } unchanged ? (await store.GetAsync(unchanged, ct)).Entries : [];
        var slots = await AllSlotsAsync(folder, ct);
        var entries = new List<TreeEntry>(slots.Count);
        foreach (var (name, slot) in slots)
            entries.Add(await EntryOfAsync(name, slot, ct));
        return entries;
    }

    /// <summary>Puts a file, creating missing parent folders; replaces a file, refuses to replace a folder.</summary>
    public async Task<bool> PutFileAsync(StoragePath path, ContentId blob, long size, DateTimeOffset modifiedAt, CancellationToken ct)
    {
        RequireNotRoot(path, "put a file at");
        var parent = await OpenFolderAsync(path.Parent, create: true, ct);
        var existing = await SlotAsync(parent, path.Name, ct);
        if (existing is not null && IsFolder(existing))
            throw new StorageException(StorageException.AlreadyExists, $"\"{path}\" is a folder; a file cannot replace it. Delete the folder first or choose another name.");
        parent.Changes[path.Name] = new Slot(TreeEntry.File(path.Name, blob, size, modifiedAt), null);
        return existing is null;
    }

    /// <summary>Creates a folder and its parents; true when it did not exist.</summary>
    public async Task<bool> CreateFolderAsync(StoragePath path, CancellationToken ct)
    {
        RequireNotRoot(path, "create");
        var parent = await OpenFolderAsync(path.Parent, create: true, ct);
        if (await SlotAsync(parent, path.Name, ct) is { } existing)
        {
            if (!IsFolder(existing))
                throw new StorageException(StorageException.AlreadyExists, $"\"{path}\" is a file; a folder cannot have its name.");
            return false;
        }
        parent.Changes[path.Name] = new Slot(null, Folder.New(time.GetUtcNow()));
        return true;
    }

    /// <summary>Deletes a file or a whole folder; returns the removed entry.</summary>
    public async Task<TreeEntry> DeleteAsync(StoragePath path, CancellationToken ct)
    {
        RequireNotRoot(path, "delete");
        var removed = await GetEntryAsync(path, ct) ?? throw await MissingAsync(path, ct);
        var parent = await OpenFolderAsync(path.Parent, create: false, ct);
        parent.Changes[path.Name] = null;
        return removed;
    }

    /// <summary>Moves a file or folder to a new path that must not exist; parents of the target are created.</summary>
    public async Task MoveAsync(StoragePath from, StoragePath to, CancellationToken ct)
    {
        RequireNotRoot(from, "move");
        if (from.IsSameOrAncestorOf(to))
            throw new StorageException(StorageException.InvalidPath, $"\"{from}\" cannot be moved into itself (\"{to}\").");
        var entry = await GetEntryAsync(from, ct) ?? throw await MissingAsync(from, ct);
        await InsertAsync(to, entry, ct);
        await DeleteAsync(from, ct);
    }

    /// <summary>Copies a file or folder of this tree, or of another root (another state), by id: no bytes are copied.</summary>
    public async Task CopyAsync(StoragePath from, StoragePath to, ContentId? fromRoot, CancellationToken ct)
    {
        RequireNotRoot(from, "copy");
        var entry = fromRoot is { } other
            ? await new TreeEditor(store, other, time).GetEntryAsync(from, ct)
            : await GetEntryAsync(from, ct);
        if (entry is null)
            throw new StorageException(StorageException.NotFound, $"There is nothing at \"{from}\" to copy.");
        await InsertAsync(to, entry, ct);
    }

    /// <summary>Places an entry (file or whole subtree) at a path that must be free.</summary>
    public async Task InsertAsync(StoragePath path, TreeEntry entry, CancellationToken ct)
    {
        RequireNotRoot(path, "write to");
        var parent = await OpenFolderAsync(path.Parent, create: true, ct);
        if (await SlotAsync(parent, path.Name, ct) is not null)
            throw new StorageException(StorageException.AlreadyExists, $"\"{path}\" exists already. Delete it first or choose another name.");
        parent.Changes[path.Name] = new Slot(entry.Renamed(path.Name), null);
    }

    /// <summary>Places an entry at a path, replacing whatever is there.</summary>
    public async Task SetAsync(StoragePath path, TreeEntry entry, CancellationToken ct)
    {
        if (path.IsRoot)
        {
            if (!entry.IsFolder)
                throw new StorageException(StorageException.InvalidPath, "The root must be a folder.");
            root.Reset(entry.Id);
            return;
        }
        var parent = await OpenFolderAsync(path.Parent, create: true, ct);
        parent.Changes[path.Name] = new Slot(entry.Renamed(path.Name), null);
    }

    /// <summary>Writes every changed folder and returns the new root id and what the root holds.</summary>
    public Task<(ContentId Id, FolderSummary Summary)> CommitAsync(CancellationToken ct) => WriteAsync(root, ct);

    private async Task<(ContentId Id, FolderSummary Summary)> WriteAsync(Folder folder, CancellationToken ct)
    {
        if (!folder.Dirty)
            return (folder.OriginalId!.Value, await store.SummaryAsync(folder.OriginalId.Value, ct));
        var changes = new Dictionary<string, TreeEntry?>(folder.Changes.Count, StringComparer.Ordinal);
        foreach (var (name, slot) in folder.Changes)
            changes[name] = slot is null ? null : await EntryOfAsync(name, slot, ct);
        var written = await Folders.WriteAsync(store, folder.OriginalId ?? Tree.EmptyId, changes, ct);
        folder.Reset(written.Id);
        return written;
    }

    private async Task<TreeEntry> EntryOfAsync(string name, Slot slot, CancellationToken ct)
    {
        if (slot.Loaded is null)
            return slot.Entry!;
        var createdAt = slot.Loaded.CreatedAt;
        var (id, summary) = await WriteAsync(slot.Loaded, ct);
        var modified = summary.Entries == 0 ? createdAt : summary.ModifiedAt;
        return new TreeEntry(name, EntryKind.Folder, id, summary.TotalSize, modified, summary.FileCount);
    }

    /// <summary>What a folder holds under a name now: its own edit if it has one, else the entry in the one chunk the name belongs in.</summary>
    private async Task<Slot?> SlotAsync(Folder folder, string name, CancellationToken ct)
    {
        if (folder.Changes.TryGetValue(name, out var changed))
            return changed;
        if (folder.OriginalId is not { } id)
            return null;
        folder.Leaves ??= await store.LeavesAsync(id, ct);
        if (folder.Leaves.Count == 0)
            return null;
        var at = Folders.ChunkFor(folder.Leaves, name);
        if (!folder.Chunks.TryGetValue(at, out var chunk))
            folder.Chunks[at] = chunk = (Tree)await store.GetNodeAsync(folder.Leaves[at].Id, ct);
        return chunk.Find(name) is { } entry ? new Slot(entry, null) : null;
    }

    /// <summary>Everything a folder holds now, by name.</summary>
    private async Task<List<(string Name, Slot Slot)>> AllSlotsAsync(Folder folder, CancellationToken ct)
    {
        var all = new SortedDictionary<string, Slot>(StringComparer.Ordinal);
        if (folder.OriginalId is { } id)
        {
            foreach (var entry in (await store.GetAsync(id, ct)).Entries)
                all[entry.Name] = new Slot(entry, null);
        }
        foreach (var (name, slot) in folder.Changes)
        {
            if (slot is null)
                all.Remove(name);
            else
                all[name] = slot;
        }
        return [.. all.Select(pair => (pair.Key, pair.Value))];
    }

    /// <summary>The loaded folder at a path, or null when it does not exist; throws not_a_folder when a file is in the way.</summary>
    private async Task<Folder?> FindFolderAsync(StoragePath path, CancellationToken ct)
    {
        var folder = root;
        for (var i = 0; i < path.Segments.Count; i++)
        {
            if (await SlotAsync(folder, path.Segments[i], ct) is not { } slot)
                return null;
            folder = OpenSlot(folder, path.Segments[i], slot, path, i);
        }
        return folder;
    }

    /// <summary>The folder at a path, made writable: it and every ancestor are marked changed.</summary>
    private async Task<Folder> OpenFolderAsync(StoragePath path, bool create, CancellationToken ct)
    {
        var folder = root;
        folder.Touch();
        for (var i = 0; i < path.Segments.Count; i++)
        {
            var name = path.Segments[i];
            var slot = await SlotAsync(folder, name, ct);
            if (slot is null)
            {
                if (!create)
                    throw new StorageException(StorageException.NotFound, $"There is no folder \"{string.Join('/', path.Segments.Take(i + 1))}\".");
                slot = new Slot(null, Folder.New(time.GetUtcNow()));
                folder.Changes[name] = slot;
            }
            folder = OpenSlot(folder, name, slot, path, i);
            folder.Touch();
        }
        return folder;
    }

    private static Folder OpenSlot(Folder parent, string name, Slot slot, StoragePath path, int index)
    {
        if (slot.Loaded is not null)
            return slot.Loaded;
        if (!slot.Entry!.IsFolder)
            throw new StorageException(StorageException.NotAFolder,
                $"\"{string.Join('/', path.Segments.Take(index + 1))}\" is a file, so \"{path}\" cannot be inside it.");
        var loaded = new Folder(slot.Entry.Id) { CreatedAt = slot.Entry.ModifiedAt };
        parent.Changes[name] = new Slot(null, loaded);
        return loaded;
    }

    private async Task<StorageException> MissingAsync(StoragePath path, CancellationToken ct)
    {
        await FindFolderAsync(path.Parent, ct); // reports a file in the way as not_a_folder
        return new StorageException(StorageException.NotFound, $"There is no file or folder at \"{path}\".");
    }

    private static bool IsFolder(Slot slot) => slot.Loaded is not null || slot.Entry!.IsFolder;

    private static void RequireNotRoot(StoragePath path, string verb)
    {
        if (path.IsRoot)
            throw new StorageException(StorageException.InvalidPath, $"Give a path below the root: Strata cannot {verb} the root folder itself.");
    }

    private sealed record Slot(TreeEntry? Entry, Folder? Loaded);

    /// <summary>A folder being edited: what it was (by id, its chunks read as needed) and its edits (null: deleted).</summary>
    private sealed class Folder(ContentId? originalId)
    {
        public ContentId? OriginalId { get; private set; } = originalId;

        public IReadOnlyList<ChunkRef>? Leaves { get; set; }

        public Dictionary<int, Tree> Chunks { get; } = [];

        public Dictionary<string, Slot?> Changes { get; } = new(StringComparer.Ordinal);

        public bool Dirty { get; private set; }

        public DateTimeOffset CreatedAt { get; init; }

        public static Folder New(DateTimeOffset now) => new((ContentId?)null) { CreatedAt = now, Dirty = true };

        public void Touch() => Dirty = true;

        /// <summary>Now it is <paramref name="id"/>, with no edits of its own.</summary>
        public void Reset(ContentId id)
        {
            OriginalId = id;
            Leaves = null;
            Chunks.Clear();
            Changes.Clear();
            Dirty = false;
        }
    }
}
