using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;

namespace Strata.Core.Distributions;

/// <summary>How people name a distribution's source: "Master, snapshot "Week 2"" or "Master, current state".</summary>
internal static class SourceLabels
{
    /// <summary>The source instance's name today, or its slug when it is gone.</summary>
    public static async Task<string> InstanceNameAsync(StrataDb db, Distribution job, CancellationToken ct) =>
        await db.Instances.AsNoTracking().Where(i => i.Id == job.SourceInstanceId).Select(i => i.Name).SingleOrDefaultAsync(ct) ?? job.SourceInstance;

    public static async Task<string> DescribeAsync(StrataDb db, Distribution job, CancellationToken ct)
    {
        if (job.HandBack)
        {
            var assignment = await db.Assignments.AsNoTracking().Where(a => a.Id == job.AssignmentId).Select(a => a.Name).SingleOrDefaultAsync(ct);
            return $"the feedback of assignment \"{assignment ?? "(deleted)"}\"";
        }
        var instance = await InstanceNameAsync(db, job, ct);
        if (!Guid.TryParse(job.SourceState, out var id))
            return $"{instance}, current state";
        var name = await db.Snapshots.AsNoTracking().Where(s => s.Id == id).Select(s => s.Name).SingleOrDefaultAsync(ct);
        return $"{instance}, snapshot \"{name ?? job.SourceState}\"";
    }
}
