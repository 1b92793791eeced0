namespace Strata.Storage.States;

/// <summary>
/// Named steps of a state change where a test can make the process "crash" (throw) to prove that a
/// change is either entirely before or entirely after. Production leaves <see cref="Hook"/> unset.
/// </summary>
public sealed class FaultPoints
{
    /// <summary>The trees of the new state are stored; nothing in the database has moved yet.</summary>
    public const string TreesWritten = "trees-written";

    /// <summary>Inside the transaction, the root is swapped; the rows that go with it are not written yet.</summary>
    public const string Swapped = "swapped";

    /// <summary>Inside the transaction, everything is written; the commit has not happened.</summary>
    public const string BeforeCommit = "before-commit";

    /// <summary>The transaction committed; the caller has not been answered.</summary>
    public const string Committed = "committed";

    public static readonly IReadOnlyList<string> All = [TreesWritten, Swapped, BeforeCommit, Committed];

    public Func<string, CancellationToken, Task>? Hook { get; set; }

    public Task AtAsync(string point, CancellationToken ct) => Hook?.Invoke(point, ct) ?? Task.CompletedTask;
}
