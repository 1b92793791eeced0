namespace Strata.Core.Distributions;

/// <summary>How distribution jobs are run.</summary>
public sealed class DistributionOptions
{
    /// <summary>How long a worker owns a job without renewing; after a crash another worker takes it over then.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(1);
}
