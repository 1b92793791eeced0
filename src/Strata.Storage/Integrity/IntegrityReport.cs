namespace Strata.Storage.Integrity;

public enum ObjectProblemKind
{
    /// <summary>Nothing is stored under the id.</summary>
    Missing,

    /// <summary>What is stored does not hash to the id (or is no folder object although a folder names it).</summary>
    Corrupt,
}

/// <summary>One damaged object: a folder object or a blob.</summary>
public sealed record ObjectProblem(ContentId Id, bool IsFolder, ObjectProblemKind Kind);

/// <summary>
/// What an <see cref="IntegrityCheck"/> found: how many objects it read and hashed, every damaged object, and for each
/// root with damage beneath it the damaged objects there (roots without damage are absent).
/// </summary>
public sealed record IntegrityReport(long ObjectsChecked, IReadOnlyList<ObjectProblem> Problems, IReadOnlyDictionary<ContentId, IReadOnlyList<ContentId>> ProblemsBeneath)
{
    public bool Clean => Problems.Count == 0;
}
