using Strata.Core.Distributions;

namespace Strata.Server.Hosting;

/// <summary>Runs queued distributions in the background, on whichever node takes them.</summary>
internal sealed class DistributionWorker(IServiceScopeFactory scopes, DistributionSignal signal, StrataSettings settings, TimeProvider clock, ILogger<DistributionWorker> logger)
    : JobWorker(scopes, signal, settings.DistributionPoll, clock, logger)
{
    protected override Task<bool> RunNextAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<DistributionRunner>().RunNextAsync(Worker, int.MaxValue, ct);
}
