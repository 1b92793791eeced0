namespace Strata.Server.Hosting;

/// <summary>Who holds a job's lease: this host, process and worker, short enough for the lease column (100 characters).</summary>
internal static class WorkerIds
{
    public static string New()
    {
        var host = Environment.MachineName;
        return $"{(host.Length <= 40 ? host : host[..40])}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }
}
