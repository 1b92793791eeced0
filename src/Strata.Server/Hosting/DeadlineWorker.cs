using Strata.Core.Assignments;

namespace Strata.Server.Hosting;

/// <summary>Collects assignments whose deadline passed, on every node; the collector's claims make each target collected once.</summary>
internal sealed class DeadlineWorker(IServiceScopeFactory scopes, DeadlineSignal signal, StrataSettings settings, TimeProvider clock, ILogger<DeadlineWorker> logger)
    : JobWorker(scopes, signal, settings.DeadlinePoll, clock, logger)
{
    protected override Task<bool> RunNextAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<DeadlineCollector>().CollectDueAsync(ct);
}
