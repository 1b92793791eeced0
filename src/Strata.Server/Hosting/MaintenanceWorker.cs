using Strata.Core.Maintenance;

namespace Strata.Server.Hosting;

/// <summary>Runs queued integrity checks (and collections) in the background, on whichever node takes them.</summary>
internal sealed class MaintenanceWorker(IServiceScopeFactory scopes, MaintenanceSignal signal, StrataSettings settings, TimeProvider clock, ILogger<MaintenanceWorker> logger)
    : JobWorker(scopes, signal, settings.DistributionPoll, clock, logger)
{
    protected override Task<bool> RunNextAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<MaintenanceRunner>().RunNextAsync(Worker, ct);
}
