using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Strata.Server.Hosting;

/// <summary>The two probes a load balancer or orchestrator asks: alive (/healthz) and ready to serve requests (/readyz).</summary>
internal static class Readiness
{
    public const string Tag = "ready";

    /// <summary>A dependency that does not answer within this is as good as down: the probe must answer quickly itself.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>200 while the process serves at all; checks nothing outside it.</summary>
    public static readonly HealthCheckOptions Liveness = new() { Predicate = _ => false };

    /// <summary>200 when the database and the content store answer, else 503.</summary>
    public static readonly HealthCheckOptions Dependencies = new() { Predicate = check => check.Tags.Contains(Tag) };
}
