namespace Strata.Storage.Trees;

public enum ApplyAction
{
    /// <summary>Put the incoming file or folder at the path (create or replace).</summary>
    Write,

    /// <summary>Keep what the target has.</summary>
    Keep,

    /// <summary>Keep the target's file (or its deletion) and place the incoming one beside it ("name (incoming).ext"): a conflict.</summary>
    WriteBeside,

    /// <summary>An incoming folder: decide for each entry inside it instead of for the folder as a whole.</summary>
    Descend,
}

/// <summary>
/// Decides, path by path, what happens when incoming content meets the target. Called for an incoming
/// file (or a whole incoming folder the target lacks) with what the target holds there, if anything.
/// Identical content is never asked about: it is already in place.
/// </summary>
public interface IApplyPolicy
{
    ValueTask<ApplyAction> DecideAsync(StoragePath path, TreeEntry incoming, TreeEntry? existing, CancellationToken ct);
}

/// <summary>What an apply did, in files.</summary>
public sealed class ApplyReport
{
    public long Added { get; set; }

    public long Updated { get; set; }

    public long Deleted { get; set; }

    public long Kept { get; set; }

    public long Unchanged { get; set; }

    public List<string> Conflicts { get; } = [];
}

/// <summary>Ready policies for the simple strategies.</summary>
public static class ApplyPolicies
{
    /// <summary>Incoming content replaces the same path; new paths are created.</summary>
    public static readonly IApplyPolicy Overwrite = new Fixed(ApplyAction.Write, ApplyAction.Write);

    /// <summary>Only paths the target lacks are created; nothing existing is touched.</summary>
    public static readonly IApplyPolicy ExtraOnly = new Fixed(ApplyAction.Write, ApplyAction.Keep);

    private sealed class Fixed(ApplyAction whenMissing, ApplyAction whenPresent) : IApplyPolicy
    {
        public ValueTask<ApplyAction> DecideAsync(StoragePath path, TreeEntry incoming, TreeEntry? existing, CancellationToken ct) =>
            ValueTask.FromResult(existing is null ? whenMissing : whenPresent);
    }
}
