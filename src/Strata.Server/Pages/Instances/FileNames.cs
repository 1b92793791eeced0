namespace Strata.Server.Pages.Instances;

/// <summary>SPEC §4: an upload whose name exists gets " (1)", " (2)"… in the web UI unless the user chooses to replace.</summary>
public static class FileNames
{
    public static string Unique(string name, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(name))
            return name;
        var dot = name.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        for (var n = 1; ; n++)
        {
            var candidate = $"{stem} ({n}){extension}";
            if (!taken.Contains(candidate))
                return candidate;
        }
    }
}
