namespace Strata.Core.Maintenance;

/// <summary>A state that references a damaged object (API.md "Administration": referencedBy).</summary>
public sealed record StateReference(string Org, string Space, string Instance, string State);

/// <summary>One damaged object: its id, whether it is a folder object or a file's content, and the states it breaks.</summary>
public sealed record ObjectFinding(string Id, string Kind, IReadOnlyList<StateReference> ReferencedBy);

/// <summary>What an integrity check found: objects missing from the store, and objects whose bytes do not hash to their id.</summary>
public sealed record FsckFindings(IReadOnlyList<ObjectFinding> Missing, IReadOnlyList<ObjectFinding> Corrupt)
{
    public static readonly FsckFindings None = new([], []);
}
