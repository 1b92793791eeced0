namespace Strata.Cli.Sync;

/// <summary>Local changes against the base a clone last synced with.</summary>
public sealed record LocalChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Modified, IReadOnlyList<string> Deleted,
    IReadOnlyList<string> FoldersAdded, IReadOnlyList<string> FoldersDeleted)
{
    public bool None => Added.Count + Modified.Count + Deleted.Count + FoldersAdded.Count + FoldersDeleted.Count == 0;

    public static LocalChanges Between(Tracking baseline, LocalScan local)
    {
        static List<string> Sorted(IEnumerable<string> paths) => [.. paths.Order(StringComparer.Ordinal)];
        var added = Sorted(local.Files.Keys.Where(p => !baseline.Files.ContainsKey(p)));
        var modified = Sorted(local.Files.Values.Where(f => baseline.Files.TryGetValue(f.Path, out var b) && b.Hash != f.Hash).Select(f => f.Path));
        var deleted = Sorted(baseline.Files.Keys.Where(p => !local.Files.ContainsKey(p)));
        // A folder is worth naming when nothing is beneath it: otherwise what is beneath says it all.
        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in local.Files.Keys.Concat(local.Folders))
        {
            for (var slash = path.LastIndexOf('/'); slash > 0 && parents.Add(path[..slash]); slash = path.LastIndexOf('/', slash - 1))
            {
            }
        }
        var foldersAdded = Sorted(local.Folders.Where(f => !baseline.Folders.Contains(f) && !parents.Contains(f)));
        var foldersDeleted = Sorted(baseline.Folders.Where(f => !local.Folders.Contains(f)));
        return new LocalChanges(added, modified, deleted, foldersAdded, foldersDeleted);
    }
}
