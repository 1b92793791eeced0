namespace Strata.Core.Distributions;

/// <summary>Wakes the distribution worker of this process when a job is queued.</summary>
public sealed class DistributionSignal : WakeSignal;
