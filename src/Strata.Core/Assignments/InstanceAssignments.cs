using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Assignments;

/// <summary>One assignment as a student's instance page shows it: its deadline for this instance, what counts so far, what they may do.</summary>
public sealed record InstanceAssignmentView(
    Guid Id,
    string Name,
    string Description,
    IReadOnlyList<string> Paths,
    DateTimeOffset DueAt,
    bool Extended,
    LatePolicy Late,
    HandInKind? LatestKind,
    DateTimeOffset? LatestAt,
    bool LatestLate,
    Guid? LatestSnapshot,
    DateTimeOffset? ReturnedAt,
    bool MayHandIn,
    bool Open);

/// <summary>What a hand-in would freeze now: the files under the assignment's paths in the current state, and the paths missing.</summary>
public sealed record HandInPreview(InstanceAssignmentView Assignment, string Instance, string InstanceName, IReadOnlyList<FileEntryView> Files, int MoreFiles,
    IReadOnlyList<string> Missing);

/// <summary>The student's side of assignments, read for an instance: the panel on its page and the hand-in confirmation.</summary>
public sealed class InstanceAssignments(StrataDb db, AccessResolver access, AssignmentLookup lookup, IStateRefStore refs, ITreeStore trees, TimeProvider clock)
{
    /// <summary>Files listed on a confirmation; the rest are counted.</summary>
    public const int MaxListed = 200;

    public async Task<IReadOnlyList<InstanceAssignmentView>> ForInstanceAsync(Actor actor, InstanceAddress at, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        if (!AccessPolicy.May(Act.ViewHandIns, scope.Grants))
            return [];
        var rows = await db.AssignmentTargets.AsNoTracking().Where(t => t.InstanceId == scope.Instance.Id)
            .Join(db.Assignments.AsNoTracking(), t => t.AssignmentId, a => a.Id, (t, a) => new { Target = t, Assignment = a }).ToListAsync(ct);
        var ids = rows.Select(r => r.Assignment.Id).ToList();
        var handIns = (await db.HandIns.AsNoTracking().Where(h => h.InstanceId == scope.Instance.Id && ids.Contains(h.AssignmentId)).ToListAsync(ct))
            .ToLookup(h => h.AssignmentId);
        var mayHandIn = AccessPolicy.May(Act.HandIn, scope.Grants);
        return [.. rows.Select(r => View(r.Assignment, r.Target, handIns[r.Assignment.Id], mayHandIn)).OrderBy(v => v.DueAt)];
    }

    public async Task<HandInPreview> PreviewAsync(Actor actor, string org, string space, Guid id, string instance, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.VisibleAsync(actor, org, space, id, ct);
        var (target, row) = await lookup.TargetAsync(scope, assignment, instance, ct);
        AccessPolicy.Demand(Act.ViewHandIns, scope.For(target), scope.Org.Name, scope.Space.Name);
        var handIns = await db.HandIns.AsNoTracking().Where(h => h.AssignmentId == id && h.InstanceId == target.Id).ToListAsync(ct);
        var view = View(assignment, row, handIns, AccessPolicy.May(Act.HandIn, scope.For(target)));
        var current = (await refs.GetAsync(StateRefRow.CurrentOf(target.Id), ct)
            ?? throw new DomainException(ErrorCodes.NotFound, $"{target.Name} has no current state.")).Root;
        // Read only: a preview writes no tree (the hand-in itself builds its own).
        var state = new TreeEditor(trees, current);
        List<FileEntryView> files = [];
        List<string> missing = [];
        var more = 0;
        foreach (var path in assignment.PathList)
        {
            if (await state.FindAsync(StoragePath.Parse(path), ct) is { } entry)
                more += await ListFilesAsync([entry with { Name = path }], "", files, ct);
            else
                missing.Add(path);
        }
        return new HandInPreview(view, target.Slug, target.Name, files, more, missing);
    }

    /// <summary>Files among these entries and below them, depth first, up to <see cref="MaxListed"/>; returns how many more there are.</summary>
    private async Task<int> ListFilesAsync(IEnumerable<TreeEntry> entries, string prefix, List<FileEntryView> files, CancellationToken ct)
    {
        var more = 0;
        foreach (var entry in entries)
        {
            var path = prefix + entry.Name;
            if (entry.IsFolder)
            {
                if (files.Count >= MaxListed)
                    more += (int)entry.FileCount;
                else
                    more += await ListFilesAsync((await trees.GetAsync(entry.Id, ct)).Entries, path + "/", files, ct);
            }
            else if (files.Count < MaxListed)
            {
                files.Add(FileEntryView.Of(entry) with { Name = path });
            }
            else
            {
                more++;
            }
        }
        return more;
    }

    private InstanceAssignmentView View(Assignment a, AssignmentTarget t, IEnumerable<HandIn> handIns, bool mayHandIn)
    {
        var latest = handIns.OrderByDescending(h => h.Kind == HandInKind.Handin).ThenByDescending(h => h.At).ThenByDescending(h => h.Id).FirstOrDefault();
        var due = AssignmentRules.DueAt(a, t);
        var open = clock.GetUtcNow() <= due;
        return new InstanceAssignmentView(a.Id, a.Name, a.Description, a.PathList, due, t.DueAt is not null, a.Late, latest?.Kind, latest?.At, latest?.Late ?? false,
            latest?.SnapshotId, t.ReturnedAt, mayHandIn && (open || a.Late == LatePolicy.Accept), open);
    }
}
