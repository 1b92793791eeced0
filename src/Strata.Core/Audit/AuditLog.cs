using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;

namespace Strata.Core.Audit;

public sealed record AuditView(DateTimeOffset At, string Actor, string Action, string Target, string Detail);

/// <summary>
/// Writes audit entries into the caller's unit of work, so an entry exists exactly when its change
/// was committed.
/// </summary>
public sealed class AuditLog(StrataDb db, TimeProvider clock)
{
    public void Record(Guid orgId, Actor? actor, string action, string target, string detail = "") =>
        db.AuditEntries.Add(new AuditEntry
        {
            OrgId = orgId,
            At = clock.GetUtcNow(),
            ActorId = actor?.UserId,
            Actor = actor?.Email ?? "system",
            Action = action,
            Target = target,
            Detail = detail,
        });

    public async Task<IReadOnlyList<AuditView>> ReadAsync(Guid orgId, int limit, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().Where(e => e.OrgId == orgId)
            .OrderByDescending(e => e.Id).Take(limit)
            .Select(e => new AuditView(e.At, e.Actor, e.Action, e.Target, e.Detail)).ToListAsync(ct);
}
