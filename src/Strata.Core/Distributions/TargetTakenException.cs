namespace Strata.Core.Distributions;

/// <summary>The target was no longer pending when its change was to commit: another worker applied it.</summary>
internal sealed class TargetTakenException() : Exception("Another worker finished this target.");
