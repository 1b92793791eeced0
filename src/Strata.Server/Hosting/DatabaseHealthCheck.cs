using Microsoft.Extensions.Diagnostics.HealthChecks;
using Strata.Core.Data;

namespace Strata.Server.Hosting;

internal sealed class DatabaseHealthCheck(StrataDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The metadata database cannot be reached.");
}
