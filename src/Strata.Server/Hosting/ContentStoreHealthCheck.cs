using Microsoft.Extensions.Diagnostics.HealthChecks;
using Strata.Storage;
using Strata.Storage.Blobs;

namespace Strata.Server.Hosting;

/// <summary>Readiness of the content store: it answers (the folder is there, or the bucket replies).</summary>
internal sealed class ContentStoreHealthCheck(IBlobStore blobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await blobs.ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (StorageException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
