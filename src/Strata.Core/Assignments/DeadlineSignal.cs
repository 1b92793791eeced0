namespace Strata.Core.Assignments;

/// <summary>Wakes the deadline worker of this process when a deadline moved (it may have passed already).</summary>
public sealed class DeadlineSignal : WakeSignal;
