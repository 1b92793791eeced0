using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Compare;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Snapshots;
using Strata.Core.States;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Instances;

/// <summary>A snapshot: browse and download, compare with another state (file list and line diff), restore, delete.</summary>
public sealed class SnapshotModel(
    CurrentUser currentUser,
    AccessResolver access,
    InstanceService instances,
    FileService files,
    SnapshotService snapshots,
    RestoreService restores,
    TextDiffService diffs) : StrataPage(currentUser)
{
    public string Org { get; private set; } = "";

    public string SpaceSlug { get; private set; } = "";

    public InstanceView Instance { get; private set; } = null!;

    public SnapshotView Snapshot { get; private set; } = null!;

    public FolderView Folder { get; private set; } = null!;

    /// <summary>The other states to compare with: current and the other snapshots.</summary>
    public IReadOnlyList<SnapshotView> Others { get; private set; } = [];

    /// <summary>States of other instances of the space the caller can read: Master's snapshots and every other instance's current state.</summary>
    public IReadOnlyList<(string Value, string Label, string Group)> Elsewhere { get; private set; } = [];

    /// <summary>Instances of the space the caller may restore into.</summary>
    public IReadOnlyList<InstanceView> RestoreTargets { get; private set; } = [];

    public bool CanDelete { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Path { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Against { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? DiffPath { get; set; }

    public IReadOnlyList<ChangeView>? Changes { get; private set; }

    public TextDiffView? LineDiff { get; private set; }

    public string Here => $"{InstancePath(Org, SpaceSlug, Instance.Slug)}/snapshots/{Snapshot.Id}";

    public string Api => ApiState(Org, SpaceSlug, Instance.Slug, Snapshot.Id.ToString());

    public string FolderLink(string? path) => string.IsNullOrEmpty(path) ? Here : $"{Here}?path={Uri.EscapeDataString(path)}";

    public string Child(string name) => string.IsNullOrEmpty(Folder.Path) ? name : $"{Folder.Path}/{name}";

    public string StateName(string state)
    {
        if (state == FileService.Current)
            return "the current state";
        if (Others.FirstOrDefault(s => s.Id.ToString() == state) is { } snapshot)
            return snapshot.Name;
        var other = Elsewhere.FirstOrDefault(e => e.Value == state);
        return other.Value is null ? state : $"{other.Group}, {other.Label}";
    }

    public Task OnGetAsync(string org, string space, string instance, Guid id, CancellationToken ct) => LoadAsync(org, space, instance, id, ct);

    public Task<IActionResult> OnPostRestoreAsync(string org, string space, string instance, Guid id, List<string>? paths, string? target, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            var selected = paths?.Where(p => !string.IsNullOrWhiteSpace(p)).ToList() ?? [];
            var result = await restores.RestoreAsync(await ActorAsync(ct), new(org, space, instance), id,
                new RestoreRequest(selected.Count == 0 ? null : selected, new RestoreTarget(string.IsNullOrWhiteSpace(target) ? instance : target)), ct);
            Notice = $"Restored {(selected.Count == 0 ? "everything" : string.Join(", ", selected))} into {result.Target.Name}. " +
                     $"The state before the restore is kept as the snapshot \"{result.SafetySnapshot.Name}\".";
            return Redirect(InstancePath(org, space, result.Target.Slug));
        }, () => LoadAsync(org, space, instance, id, ct));

    public Task<IActionResult> OnPostDeleteAsync(string org, string space, string instance, Guid id, CancellationToken ct) =>
        AttemptAsync(async () =>
        {
            await snapshots.DeleteAsync(await ActorAsync(ct), new(org, space, instance), id, ct);
            Notice = "Snapshot deleted. No other snapshot or state changed.";
            return Redirect(InstancePath(org, space, instance));
        }, () => LoadAsync(org, space, instance, id, ct));

    private async Task<IReadOnlyList<(string, string, string)>> ElsewhereAsync(Actor actor, string org, string space, string instance, CancellationToken ct)
    {
        var readable = (await instances.ListAsync(actor, org, space, Act.ReadState, ct)).Where(i => i.Slug != instance).ToList();
        var options = new List<(string, string, string)>();
        foreach (var other in readable)
        {
            var group = other.Name;
            options.Add(($"{other.Slug}/{FileService.Current}", "current state", group));
            // Master's snapshots are what students' work is usually held against; for the rest the current state is enough here.
            if (other.Kind == InstanceKind.Master)
            {
                foreach (var s in await snapshots.ListAsync(actor, new InstanceAddress(org, space, other.Slug), ct))
                    options.Add(($"{other.Slug}/{s.Id}", $"snapshot {s.Name}", group));
            }
        }
        return options;
    }

    private async Task LoadAsync(string org, string space, string instance, Guid id, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        (Org, SpaceSlug) = (org, space);
        var at = new InstanceAddress(org, space, instance);
        var scope = await access.InstanceAsync(actor, org, space, instance, ct);
        Instance = await instances.GetAsync(actor, org, space, instance, ct);
        Snapshot = await snapshots.GetAsync(actor, at, id, ct);
        var state = id.ToString();
        var path = string.IsNullOrWhiteSpace(Path) ? null : Path.Trim('/');
        Folder = (await files.ReadAsync(actor, at, state, path, ct)).Folder
            ?? throw new DomainException(ErrorCodes.InvalidRequest, "That is a file; open its folder to see it.");
        Others = [.. (await snapshots.ListAsync(actor, at, ct)).Where(s => s.Id != id)];
        CanDelete = AccessPolicy.May(Act.DeleteSnapshot, scope.Grants);
        Elsewhere = await ElsewhereAsync(actor, org, space, instance, ct);
        RestoreTargets = [.. (await instances.ListAsync(actor, org, space, Act.WriteState, ct)).Where(i => i.Kind != InstanceKind.Distributed)];
        if (!string.IsNullOrWhiteSpace(Against))
        {
            Changes = await files.DiffAsync(actor, at, state, Against, ct);
            if (!string.IsNullOrWhiteSpace(DiffPath))
                LineDiff = await diffs.DiffAsync(actor, at, state, Against, DiffPath, ct);
        }
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb(Instance.Name, InstancePath(org, space, instance)));
        Crumbs.Add(new Crumb($"Snapshot {Snapshot.Name}", null));
    }
}
