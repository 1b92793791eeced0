using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Snapshots;
using Strata.Core.States;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Instances;

/// <summary>An instance: its current state's files (browse, upload, folders, move, delete, edit text) and its snapshot timeline.</summary>
public sealed class InstanceModel(CurrentUser currentUser, AccessResolver access, InstanceService instances, FileService files, SnapshotService snapshots,
    Arrivals arrivals, Provenance provenance, Strata.Core.Usage.StorageUsage usage, Strata.Core.Assignments.InstanceAssignments assignments)
    : StrataPage(currentUser)
{
    /// <summary>Text files up to this size can be edited in the browser.</summary>
    public const long EditableBytes = 256 * 1024;

    public string Org { get; private set; } = "";

    public string SpaceSlug { get; private set; } = "";

    public InstanceView Instance { get; private set; } = null!;

    public FolderView Folder { get; private set; } = null!;

    public IReadOnlyList<SnapshotView> Snapshots { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public bool CanSnapshot { get; private set; }

    /// <summary>Name and descriptions can be edited (never Master's or Distributed's name).</summary>
    public bool CanEdit { get; private set; }

    public bool CanDelete { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Path { get; set; }

    /// <summary>Rows of the file table per page: a folder of 10,000 files stays a page a browser draws at once.</summary>
    public const int FilesPerPage = 500;

    /// <summary>Which page of a big folder's entries is shown (1 is the first).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int FilePage { get; set; } = 1;

    /// <summary>The entries of this page of the folder.</summary>
    public IReadOnlyList<FileEntryView> ShownEntries { get; private set; } = [];

    /// <summary>Every name in the folder, to suggest a free name for a copy.</summary>
    public IReadOnlySet<string> Names { get; private set; } = new HashSet<string>();

    public int FilePages => Math.Max(1, (Folder.Entries.Count + FilesPerPage - 1) / FilesPerPage);

    public string PageLink(int page) => page <= 1 ? FolderLink(Path) : $"{FolderLink(Path)}{(string.IsNullOrEmpty(Path) ? "?" : "&")}p={page}";

    /// <summary>A path the user asked to delete: the page asks to confirm.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Delete { get; set; }

    /// <summary>A text file open in the editor.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    public string? EditText { get; private set; }

    /// <summary>A file whose details (origin, preview) are open.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Info { get; set; }

    public FileDetails? Details { get; private set; }

    /// <summary>The last distribution or recall that reached this instance.</summary>
    public ArrivalView? Arrival { get; private set; }

    /// <summary>The assignments given to this instance, with their deadlines and hand-ins.</summary>
    public IReadOnlyList<Strata.Core.Assignments.InstanceAssignmentView> Assignments { get; private set; } = [];

    /// <summary>What the instance references and holds alone, for those who may see it (space administrators).</summary>
    public Strata.Core.Usage.InstanceStorageView? Storage { get; private set; }

    /// <summary>The current state's version when the page was read: saves from the editor are conditional on it.</summary>
    public long Version { get; private set; }

    public string Here => InstancePath(Org, SpaceSlug, Instance.Slug);

    public string Api => ApiState(Org, SpaceSlug, Instance.Slug, FileService.Current);

    public string FolderLink(string? path) => string.IsNullOrEmpty(path) ? Here : $"{Here}?path={Uri.EscapeDataString(path)}";

    public string Child(string name) => string.IsNullOrEmpty(Folder.Path) ? name : $"{Folder.Path}/{name}";

    public Task OnGetAsync(string org, string space, string instance, CancellationToken ct) => LoadAsync(org, space, instance, ct);

    /// <summary>
    /// The form post when JavaScript is off: files from the file input and from the folder input (whose
    /// names are paths inside the chosen folder). Without "replace", nothing that exists is replaced.
    /// </summary>
    public Task<IActionResult> OnPostUploadAsync(string org, string space, string instance, List<IFormFile> upload, List<IFormFile> folder, bool replace,
        CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var actor = await ActorAsync(ct);
            var at = new InstanceAddress(org, space, instance);
            var into = NullIfEmpty(Path);
            var placement = new UploadPlacement(into, (path, token) => ListAsync(actor, at, path, token));
            var (count, renamed) = (0, new List<string>());
            foreach (var file in upload.Concat(folder))
            {
                var (path, wasRenamed) = replace ? (Join(into, file.FileName), false) : await placement.PlaceAsync(file.FileName, ct);
                await using var stream = file.OpenReadStream();
                await files.UploadAsync(actor, at, FileService.Current, path, stream, file.Length, null, ct);
                count++;
                if (wasRenamed)
                    renamed.Add(string.IsNullOrEmpty(into) ? path : path[(into.Length + 1)..]);
            }
            Notice = count == 0 ? "Choose files to upload first." : UploadedNotice(count, renamed);
            return Redirect(FolderLinkFor(org, space, instance, Path));
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostFolderAsync(string org, string space, string instance, string? name, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new DomainException(ErrorCodes.InvalidPath, "Give the new folder a name.");
            await files.CreateFolderAsync(await ActorAsync(ct), new(org, space, instance), FileService.Current, Join(Path, name.Trim()), null, ct);
            Notice = $"Folder \"{name.Trim()}\" created.";
            return Redirect(FolderLinkFor(org, space, instance, Path));
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostDeleteAsync(string org, string space, string instance, string target, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            await files.DeleteAsync(await ActorAsync(ct), new(org, space, instance), FileService.Current, target, null, ct);
            Notice = $"Deleted \"{target}\".";
            return Redirect(FolderLinkFor(org, space, instance, Path));
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostDeleteSelectedAsync(string org, string space, string instance, List<string>? targets, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var selected = targets?.Where(t => !string.IsNullOrWhiteSpace(t)).ToList() ?? [];
            await files.DeleteManyAsync(await ActorAsync(ct), new(org, space, instance), FileService.Current, selected, null, ct);
            Notice = selected.Count == 1 ? $"Deleted \"{selected[0]}\"." : $"Deleted {selected.Count} files and folders: {string.Join(", ", selected)}.";
            return Redirect(FolderLinkFor(org, space, instance, Path));
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostMoveAsync(string org, string space, string instance, string from, string? to, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            await files.MoveAsync(await ActorAsync(ct), new(org, space, instance), FileService.Current, from, to?.Trim(), null, ct);
            Notice = $"Moved \"{from}\" to \"{to?.Trim()}\".";
            return Redirect(FolderLinkFor(org, space, instance, Path));
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostCopyAsync(string org, string space, string instance, string from, string? to, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            await files.CopyAsync(await ActorAsync(ct), new(org, space, instance), FileService.Current, from, to?.Trim(), null, null, ct);
            Notice = $"Copied \"{from}\" to \"{to?.Trim()}\".";
            return Redirect(FolderLinkFor(org, space, instance, Path));
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostSaveAsync(string org, string space, string instance, string target, string? content, long version, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var actor = await ActorAsync(ct);
            var at = new InstanceAddress(org, space, instance);
            // The file as stored now gives the line ending and BOM to keep; the save below is
            // conditional on the version the editor was opened at, so these are the bytes that were edited.
            var before = await ReadBytesAsync(actor, at, target, ct);
            using var body = new MemoryStream(TextFile.Saved(content ?? "", before));
            await files.UploadAsync(actor, at, FileService.Current, target, body, body.Length, version, ct);
            Notice = $"Saved \"{target}\".";
            return Redirect(FolderLinkFor(org, space, instance, Path));
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostDetailsAsync(string org, string space, string instance, string? name, string? description,
        string? currentStateDescription, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var updated = await instances.UpdateAsync(await ActorAsync(ct), org, space, instance,
                new UpdateInstance(name, description ?? "", currentStateDescription ?? ""), ct);
            Notice = "Details saved.";
            return Redirect(InstancePath(org, space, updated.Slug));
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostDeleteInstanceAsync(string org, string space, string instance, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            await instances.DeleteAsync(await ActorAsync(ct), org, space, instance, ct);
            Notice = "Instance deleted.";
            return Redirect(SpacePath(org, space));
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostSnapshotAsync(string org, string space, string instance, string? name, string? description,
        string? nextPhase, bool noWorkExpected, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var request = new CreateSnapshot(name, description ?? "", string.IsNullOrWhiteSpace(nextPhase) ? null : nextPhase, noWorkExpected);
            var snapshot = await snapshots.CreateAsync(await ActorAsync(ct), new(org, space, instance), request, ct);
            Notice = $"Snapshot \"{snapshot.Name}\" created.";
            return Redirect($"{InstancePath(org, space, instance)}/snapshots/{snapshot.Id}");
        }, () => LoadAsync(org, space, instance, ct));

    public Task<IActionResult> OnPostQuickSnapshotAsync(string org, string space, string instance, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var snapshot = await snapshots.CreateAsync(await ActorAsync(ct), new(org, space, instance), new CreateSnapshot(), ct);
            Notice = $"Quick snapshot \"{snapshot.Name}\" created.";
            return Redirect($"{InstancePath(org, space, instance)}/snapshots/{snapshot.Id}");
        }, () => LoadAsync(org, space, instance, ct));

    private async Task LoadAsync(string org, string space, string instance, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        (Org, SpaceSlug) = (org, space);
        var scope = await access.InstanceAsync(actor, org, space, instance, ct);
        Instance = await instances.GetAsync(actor, org, space, instance, ct);
        var at = new InstanceAddress(org, space, instance);
        var read = await files.ReadAsync(actor, at, FileService.Current, NullIfEmpty(Path), ct);
        Folder = read.Folder ?? throw new DomainException(ErrorCodes.InvalidRequest, "That is a file; open its folder to see it.");
        FilePage = Math.Clamp(FilePage, 1, FilePages);
        ShownEntries = [.. Folder.Entries.Skip((FilePage - 1) * FilesPerPage).Take(FilesPerPage)];
        Names = Folder.Entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        Snapshots = await snapshots.ListAsync(actor, at, ct);
        var distributed = scope.Instance.Kind == InstanceKind.Distributed;
        CanWrite = !distributed && AccessPolicy.May(Act.WriteState, scope.Grants);
        CanSnapshot = !distributed && AccessPolicy.May(Act.CreateSnapshot, scope.Grants);
        CanEdit = scope.Instance.Kind == InstanceKind.Regular && AccessPolicy.May(Act.EditInstance, scope.Grants);
        CanDelete = scope.Instance.Kind == InstanceKind.Regular && AccessPolicy.May(Act.DeleteInstance, scope.Grants);
        Version = read.Version ?? 0;
        if (CanWrite && NullIfEmpty(Edit) is { } edit)
        {
            try
            {
                EditText = await ReadTextAsync(actor, at, edit, ct);
            }
            catch (DomainException e)
            {
                (Problem, Edit) = (e.Message, null);
            }
        }

        Arrival = await arrivals.LatestAsync(actor, at, ct);
        Assignments = await assignments.ForInstanceAsync(actor, at, ct);
        if (AccessPolicy.May(Act.ViewInstanceStorage, scope.Grants))
            Storage = await usage.InstanceAsync(actor, at, ct, queueCount: false);
        if (NullIfEmpty(Info) is { } info)
            Details = await FileDetails.LoadAsync(actor, at, info, files, provenance, ct);

        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb(Instance.Name, InstancePath(org, space, instance)));
        Crumbs.Add(new Crumb("Current state", null));
    }

    /// <summary>The file as text when it is small UTF-8; otherwise a refusal saying why it cannot be edited here.</summary>
    private async Task<string> ReadTextAsync(Actor actor, InstanceAddress at, string path, CancellationToken ct) =>
        TextFile.Shown(await ReadBytesAsync(actor, at, path, ct))
        ?? throw new DomainException(ErrorCodes.InvalidRequest, $"\"{path}\" is not a text file; download it to edit it.");

    private async Task<byte[]> ReadBytesAsync(Actor actor, InstanceAddress at, string path, CancellationToken ct)
    {
        var file = (await files.ReadAsync(actor, at, FileService.Current, path, ct)).File
            ?? throw new DomainException(ErrorCodes.InvalidRequest, $"\"{path}\" is a folder.");
        if (file.Size > EditableBytes)
            throw new DomainException(ErrorCodes.InvalidRequest, $"\"{path}\" is larger than {Size(EditableBytes)}; download it to edit it.");
        await using var stream = await files.OpenAsync(file, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>A folder's names for <see cref="UploadPlacement"/>; a folder that does not exist yet has none.</summary>
    private async Task<IEnumerable<(string Name, bool IsFolder)>> ListAsync(Actor actor, InstanceAddress at, string folder, CancellationToken ct)
    {
        try
        {
            var read = await files.ReadAsync(actor, at, FileService.Current, NullIfEmpty(folder), ct);
            return read.Folder?.Entries.Select(e => (e.Name, e.Kind == "folder")) ?? [];
        }
        catch (DomainException e) when (e.Code == ErrorCodes.NotFound)
        {
            return [];
        }
    }

    private static string UploadedNotice(int count, List<string> renamed)
    {
        var uploaded = $"Uploaded {count} {(count == 1 ? "file" : "files")}";
        if (renamed.Count == 0)
            return uploaded + ".";
        var named = string.Join(", ", renamed.Take(5)) + (renamed.Count > 5 ? ", …" : "");
        return $"{uploaded}; {renamed.Count} renamed so nothing was replaced: {named}.";
    }

    private static string FolderLinkFor(string org, string space, string instance, string? path) =>
        string.IsNullOrEmpty(path) ? InstancePath(org, space, instance) : $"{InstancePath(org, space, instance)}?path={Uri.EscapeDataString(path)}";

    private static string Join(string? folder, string name) => string.IsNullOrEmpty(folder) ? name : $"{folder}/{name}";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim('/');
}
