using Strata.Core.Errors;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.States;

/// <summary>The paths of a source state a distribution or a new instance takes.</summary>
public static class ContentSelection
{
    /// <summary>Parses and checks every selected path against the source root; none (or the root) means everything.</summary>
    public static async Task<List<StoragePath>> ResolveAsync(ITreeStore trees, ContentId root, IReadOnlyList<string>? requested, CancellationToken ct)
    {
        var paths = (requested ?? []).Select(StoragePath.Parse).ToList();
        if (paths.Any(p => p.IsRoot))
            return [];
        var source = new TreeEditor(trees, root);
        foreach (var path in paths)
        {
            if (await source.GetEntryAsync(path, ct) is null)
                throw new DomainException(ErrorCodes.NotFound, $"The source state has no file or folder \"{path}\". Check the selected paths.");
        }
        // A path inside another selected one adds nothing.
        return [.. paths.Where(p => !paths.Any(q => !q.Equals(p) && q.IsSameOrAncestorOf(p))).DistinctBy(p => p.ToString())];
    }
}
