namespace Strata.Cli.Sync;

/// <summary>Local changes against the base a clone last synced with.</summary>
public sealed record LocalChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Modified, IReadOnlyList<string> Deleted,
    IReadOnlyList<string> FoldersAdded, IReadOnlyList<string> FoldersDeleted)
{
    public bool None => Added.Count + Modified.Count + Deleted.Count + FoldersAdded.Count + FoldersDeleted.Count == 0;

    public static LocalChanges Between(Tracking baseline, LocalScan local)
    {
        var added = local.Files.Keys.Where(p => !baseline.Files.ContainsKey(p)).ToList();
        var modified = local.Files.Values.Where(f => baseline.Files.TryGetValue(f.Path, out var b) && b.Hash != f.Hash).Select(f => f.Path).ToList();
        var deleted = baseline.Files.Keys.Where(p => !local.Files.ContainsKey(p)).ToList();
        // A folder is worth naming when it has no file beneath it either side: otherwise its files say it all.
        var foldersAdded = local.Folders.Where(f => !baseline.Folders.Contains(f) && !local.Files.Keys.Any(p => p.StartsWith(f + "/", StringComparison.Ordinal))
            && !local.Folders.Any(o => o.StartsWith(f + "/", StringComparison.Ordinal))).ToList();
        var foldersDeleted = baseline.Folders.Where(f => !local.Folders.Contains(f)).ToList();
        return new LocalChanges(added, modified, deleted, foldersAdded, foldersDeleted);
    }
}
