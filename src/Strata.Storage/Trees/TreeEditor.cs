namespace Strata.Storage.Trees;

/// <summary>
/// Stages many edits over one root tree in memory, loading folders only as edits reach them, and on
/// <see cref="CommitAsync"/> writes just the folders that changed, bottom-up. An edit to one path
/// therefore costs the depth of the path, never the number of files; copies move ids, never bytes.
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
        await LoadAsync(parent, ct);
        return parent.Children!.TryGetValue(path.Name, out var slot) ? await EntryOfAsync(path.Name, slot, ct) : null;
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
        await LoadAsync(folder, ct);
        var entries = new List<TreeEntry>(folder.Children!.Count);
        foreach (var (name, slot) in folder.Children)
            entries.Add(await EntryOfAsync(name, slot, ct));
        return [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>Puts a file, creating missing parent folders; replaces a file, refuses to replace a folder.</summary>
    public async Task<bool> PutFileAsync(StoragePath path, ContentId blob, long size, DateTimeOffset modifiedAt, CancellationToken ct)
    {
        RequireNotRoot(path, "put a file at");
        var parent = await OpenFolderAsync(path.Parent, create: true, ct);
        var existing = parent.Children!.GetValueOrDefault(path.Name);
        if (existing is not null && IsFolder(existing))
            throw new StorageException(StorageException.AlreadyExists, $"\"{path}\" is a folder; a file cannot replace it. Delete the folder first or choose another name.");
        parent.Children![path.Name] = new Slot(TreeEntry.File(path.Name, blob, size, modifiedAt), null);
        return existing is null;
    }

    /// <summary>Creates a folder and its parents; true when it did not exist.</summary>
    public async Task<bool> CreateFolderAsync(StoragePath path, CancellationToken ct)
    {
        RequireNotRoot(path, "create");
        var parent = await OpenFolderAsync(path.Parent, create: true, ct);
        if (parent.Children!.TryGetValue(path.Name, out var existing))
        {
            if (!IsFolder(existing))
                throw new StorageException(StorageException.AlreadyExists, $"\"{path}\" is a file; a folder cannot have its name.");
            return false;
        }
        parent.Children[path.Name] = new Slot(null, Folder.New(time.GetUtcNow()));
        return true;
    }

    /// <summary>Deletes a file or a whole folder; returns the removed entry.</summary>
    public async Task<TreeEntry> DeleteAsync(StoragePath path, CancellationToken ct)
    {
        RequireNotRoot(path, "delete");
        var removed = await GetEntryAsync(path, ct) ?? throw await MissingAsync(path, ct);
        var parent = await OpenFolderAsync(path.Parent, create: false, ct);
        parent.Children!.Remove(path.Name);
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
        if (parent.Children!.ContainsKey(path.Name))
            throw new StorageException(StorageException.AlreadyExists, $"\"{path}\" exists already. Delete it first or choose another name.");
        parent.Children[path.Name] = new Slot(entry.Renamed(path.Name), null);
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
        parent.Children![path.Name] = new Slot(entry.Renamed(path.Name), null);
    }

    /// <summary>Writes every changed folder and returns the new root id and root tree.</summary>
    public async Task<(ContentId Id, Tree Tree)> CommitAsync(CancellationToken ct)
    {
        var (id, tree) = await WriteAsync(root, ct);
        return (id, tree);
    }

    private async Task<(ContentId Id, Tree Tree)> WriteAsync(Folder folder, CancellationToken ct)
    {
        if (!folder.Dirty)
            return (folder.OriginalId!.Value, await store.GetAsync(folder.OriginalId.Value, ct));
        var entries = new List<TreeEntry>(folder.Children!.Count);
        foreach (var (name, slot) in folder.Children)
            entries.Add(await EntryOfAsync(name, slot, ct));
        var tree = new Tree(entries);
        var id = await store.PutAsync(tree, ct);
        folder.Saved(id);
        return (id, tree);
    }

    private async Task<TreeEntry> EntryOfAsync(string name, Slot slot, CancellationToken ct)
    {
        if (slot.Loaded is null)
            return slot.Entry!;
        var (id, tree) = await WriteAsync(slot.Loaded, ct);
        var modified = tree.Entries.Count == 0 ? slot.Loaded.CreatedAt : tree.ModifiedAt;
        return new TreeEntry(name, EntryKind.Folder, id, tree.TotalSize, modified, tree.FileCount);
    }

    /// <summary>The loaded folder at a path, or null when it does not exist; throws not_a_folder when a file is in the way.</summary>
    private async Task<Folder?> FindFolderAsync(StoragePath path, CancellationToken ct)
    {
        var folder = root;
        for (var i = 0; i < path.Segments.Count; i++)
        {
            await LoadAsync(folder, ct);
            if (!folder.Children!.TryGetValue(path.Segments[i], out var slot))
                return null;
            folder = OpenSlot(folder, path.Segments[i], slot, path, i);
        }
        return folder;
    }

    /// <summary>The folder at a path, made writable: it and every ancestor are marked changed.</summary>
    private async Task<Folder> OpenFolderAsync(StoragePath path, bool create, CancellationToken ct)
    {
        var folder = root;
        await LoadAsync(folder, ct);
        folder.Touch();
        for (var i = 0; i < path.Segments.Count; i++)
        {
            var name = path.Segments[i];
            if (!folder.Children!.TryGetValue(name, out var slot))
            {
                if (!create)
                    throw new StorageException(StorageException.NotFound, $"There is no folder \"{string.Join('/', path.Segments.Take(i + 1))}\".");
                slot = new Slot(null, Folder.New(time.GetUtcNow()));
                folder.Children[name] = slot;
            }
            folder = OpenSlot(folder, name, slot, path, i);
            await LoadAsync(folder, ct);
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
        parent.Children![name] = new Slot(null, loaded);
        return loaded;
    }

    private async Task LoadAsync(Folder folder, CancellationToken ct)
    {
        if (folder.Children is not null)
            return;
        var tree = await store.GetAsync(folder.OriginalId!.Value, ct);
        folder.Children = tree.Entries.ToDictionary(e => e.Name, e => new Slot(e, null), StringComparer.Ordinal);
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

    private sealed class Folder(ContentId? originalId)
    {
        public ContentId? OriginalId { get; private set; } = originalId;

        public Dictionary<string, Slot>? Children { get; set; }

        public bool Dirty { get; private set; }

        public DateTimeOffset CreatedAt { get; init; }

        public static Folder New(DateTimeOffset now) =>
            new((ContentId?)null) { Children = new Dictionary<string, Slot>(StringComparer.Ordinal), CreatedAt = now, Dirty = true };

        public void Touch() => Dirty = true;

        public void Saved(ContentId id)
        {
            OriginalId = id;
            Dirty = false;
        }

        public void Reset(ContentId id)
        {
            OriginalId = id;
            Children = null;
            Dirty = false;
        }
    }
}
