using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Errors;

namespace Strata.Core.Maintenance;

/// <summary>A maintenance run as the API shows it, with its findings (an integrity check) or its report (a collection) read back.</summary>
public sealed record MaintenanceView(MaintenanceRun Run, FsckFindings Findings, GcReport? Collection = null);

/// <summary>
/// Integrity checks (and, with the collector, garbage collection) for platform administrators: queued here, run in
/// the background by <see cref="MaintenanceRunner"/> on whichever node takes them.
/// </summary>
public sealed class StorageMaintenance(StrataDb db, AuditLog audit, MaintenanceSignal signal, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<MaintenanceView> StartAsync(Actor actor, MaintenanceKind kind, bool dryRun, CancellationToken ct)
    {
        Demand(actor);
        var run = new MaintenanceRun
        {
            Kind = kind,
            DryRun = dryRun,
            Status = MaintenanceStatus.Queued,
            CreatedAt = clock.GetUtcNow(),
            CreatedById = actor.UserId,
        };
        db.MaintenanceRuns.Add(run);
        audit.RecordPlatform(actor, kind == MaintenanceKind.Fsck ? "storage.fsck_started" : "storage.gc_started", run.Id.ToString(), dryRun ? "dry run" : "");
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return new MaintenanceView(run, FsckFindings.None);
    }

    public async Task<MaintenanceView> GetAsync(Actor actor, MaintenanceKind kind, Guid id, CancellationToken ct)
    {
        Demand(actor);
        var run = await db.MaintenanceRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.Kind == kind, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, $"There is no {Describe(kind)} with this id. List them at /api/v1/admin/{Path(kind)}.");
        return View(run);
    }

    /// <summary>The runs of one kind, newest first.</summary>
    public async Task<IReadOnlyList<MaintenanceView>> ListAsync(Actor actor, MaintenanceKind kind, int limit, CancellationToken ct)
    {
        Demand(actor);
        var runs = await db.MaintenanceRuns.AsNoTracking().Where(r => r.Kind == kind)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(ct);
        return [.. runs.Select(View)];
    }

    private static MaintenanceView View(MaintenanceRun run) => run.Report is null
        ? new(run, FsckFindings.None)
        : run.Kind == MaintenanceKind.Fsck
            ? new(run, JsonSerializer.Deserialize<FsckFindings>(run.Report, Json) ?? FsckFindings.None)
            : new(run, FsckFindings.None, JsonSerializer.Deserialize<GcReport>(run.Report, Json));

    private static string Describe(MaintenanceKind kind) => kind == MaintenanceKind.Fsck ? "integrity check" : "garbage collection";

    private static string Path(MaintenanceKind kind) => kind == MaintenanceKind.Fsck ? "fsck" : "gc";

    private static void Demand(Actor actor) =>
        AccessPolicy.Demand(Act.ManageStorage, Grants.None with { PlatformAdmin = actor.IsPlatformAdmin });
}
