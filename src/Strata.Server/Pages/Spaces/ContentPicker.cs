using Strata.Core.Access;
using Strata.Core.Hierarchy;
using Strata.Core.Snapshots;
using Strata.Core.States;

namespace Strata.Server.Pages.Spaces;

/// <summary>
/// "Pick a state, then all or selected files and folders": the first steps shared by the add-instance
/// and distribute wizards. Offers only instances the caller can read.
/// </summary>
public sealed class ContentPicker(InstanceService instances, SnapshotService snapshots, FileService files)
{
    public IReadOnlyList<InstanceView> Sources { get; private set; } = [];

    public IReadOnlyList<SnapshotView> States { get; private set; } = [];

    /// <summary>Top-level entries of the chosen state, to select from.</summary>
    public IReadOnlyList<FileEntryView> Entries { get; private set; } = [];

    public string? Source { get; private set; }

    public string? State { get; private set; }

    public async Task LoadAsync(Actor actor, string org, string space, string? source, string? state, CancellationToken ct)
    {
        Sources = await instances.ListAsync(actor, org, space, Act.ReadState, ct);
        Source = Sources.Any(i => i.Slug == source) ? source : null;
        if (Source is null)
            return;
        var at = new InstanceAddress(org, space, Source);
        States = await snapshots.ListAsync(actor, at, ct);
        State = state == FileService.Current || States.Any(s => s.Id.ToString() == state) ? state : null;
        if (State is not null)
            Entries = (await files.ReadAsync(actor, at, State, null, ct)).Folder?.Entries ?? [];
    }

    public string StateLabel(string state) =>
        state == FileService.Current ? "Current state" : States.FirstOrDefault(s => s.Id.ToString() == state)?.Name ?? state;
}
