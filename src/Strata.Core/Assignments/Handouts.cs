using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Assignments;

/// <summary>Trees made of some paths of another tree: what was handed out, what a hand-in holds. Ids move, bytes never do.</summary>
public static class Handouts
{
    /// <summary>A new tree holding <paramref name="paths"/> of <paramref name="root"/> as they are there, and the paths it lacks.</summary>
    public static async Task<(ContentId Root, IReadOnlyList<string> Present, IReadOnlyList<string> Missing)> SubsetAsync(
        ITreeStore trees, ContentId root, IReadOnlyList<string> paths, CancellationToken ct)
    {
        var source = new TreeEditor(trees, root);
        var subset = new TreeEditor(trees, Tree.EmptyId);
        List<string> present = [];
        List<string> missing = [];
        foreach (var path in paths)
        {
            var at = StoragePath.Parse(path);
            if (await source.FindAsync(at, ct) is { } entry)
            {
                await subset.SetAsync(at, entry, ct);
                present.Add(path);
            }
            else
            {
                missing.Add(path);
            }
        }
        return ((await subset.CommitAsync(ct)).Id, present, missing);
    }

    /// <summary>Counts of files added, modified and deleted from what was handed out to a hand-in.</summary>
    public static async Task<ChangeCounts> ChangesAsync(ITreeStore trees, ContentId handout, ContentId handIn, CancellationToken ct)
    {
        var changes = await TreeDiff.CompareAsync(trees, handout, handIn, ct);
        return new ChangeCounts(
            changes.Count(c => c.Kind == ChangeKind.Added),
            changes.Count(c => c.Kind == ChangeKind.Modified),
            changes.Count(c => c.Kind == ChangeKind.Deleted));
    }
}
