namespace Strata.Core.Distributions;

/// <summary>How distribution jobs are run.</summary>
public sealed class DistributionOptions
{
    /// <summary>How long a worker owns a job without renewing (it renews every third of it); after a crash another worker takes it over then, well within the 60 s API.md allows.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);
}
