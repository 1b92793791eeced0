using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;

namespace Strata.Core.Audit;

public sealed record AuditView(DateTimeOffset At, string Actor, string Action, string Target, string Detail);

/// <summary>Filters of the audit log: who (part of an email), what (an action), any text in target or detail, and a time range.</summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Text = null, DateTimeOffset? From = null, DateTimeOffset? Until = null);

/// <summary>One page of the log, newest first; <see cref="More"/> when older entries follow.</summary>
public sealed record AuditPage(IReadOnlyList<AuditView> Entries, bool More);

/// <summary>
/// Writes audit entries into the caller's unit of work, so an entry exists exactly when its change
/// was committed.
/// </summary>
public sealed class AuditLog(StrataDb db, TimeProvider clock)
{
    public void Record(Guid orgId, Actor? actor, string action, string target, string detail = "") =>
        Add(orgId, actor, action, target, detail);

    /// <summary>A change of an account rather than of an organisation; platform administrators read these.</summary>
    public void RecordPlatform(Actor? actor, string action, string target, string detail = "") =>
        Add(null, actor, action, target, detail);

    /// <summary>A page of the log read in the database, so the cost is the page, never the whole history.</summary>
#pragma warning disable CA1862 // Translated to SQL: lower(x) LIKE on every provider; the StringComparison overloads are not translatable.
    public async Task<AuditPage> QueryAsync(Guid orgId, AuditQuery query, int offset, int limit, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.OrgId == orgId);
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.Actor.ToLower().Contains(actor));
        }
        if (!string.IsNullOrWhiteSpace(query.Action))
            entries = entries.Where(e => e.Action == query.Action.Trim());
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.Target.ToLower().Contains(text) || e.Detail.ToLower().Contains(text));
        }
        if (query.From is { } from)
            entries = entries.Where(e => e.At >= from);
        if (query.Until is { } until)
            entries = entries.Where(e => e.At < until);
        var page = await entries.OrderByDescending(e => e.Id).Skip(offset).Take(limit + 1)
            .Select(e => new AuditView(e.At, e.Actor, e.Action, e.Target, e.Detail)).ToListAsync(ct);
        return new AuditPage([.. page.Take(limit)], page.Count > limit);
    }
#pragma warning restore CA1862

    /// <summary>The actions this organisation's log holds, for a filter.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(Guid orgId, CancellationToken ct) =>
        [.. (await db.AuditEntries.AsNoTracking().Where(e => e.OrgId == orgId).Select(e => e.Action).Distinct().ToListAsync(ct)).Order(StringComparer.Ordinal)];

    public async Task<IReadOnlyList<AuditView>> ReadAsync(Guid orgId, int limit, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().Where(e => e.OrgId == orgId)
            .OrderByDescending(e => e.Id).Take(limit)
            .Select(e => new AuditView(e.At, e.Actor, e.Action, e.Target, e.Detail)).ToListAsync(ct);

    /// <summary>Platform entries about one target (e.g. "user ann@uni.edu"), newest first.</summary>
    public async Task<IReadOnlyList<AuditView>> ReadPlatformAsync(string target, int limit, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().Where(e => e.OrgId == null && e.Target == target)
            .OrderByDescending(e => e.Id).Take(limit)
            .Select(e => new AuditView(e.At, e.Actor, e.Action, e.Target, e.Detail)).ToListAsync(ct);

    private void Add(Guid? orgId, Actor? actor, string action, string target, string detail) =>
        db.AuditEntries.Add(new AuditEntry
        {
            OrgId = orgId,
            At = clock.GetUtcNow(),
            ActorId = actor?.UserId,
            Actor = actor?.Email ?? "system",
            Action = action,
            Target = Fit(target, AuditEntry.MaxTargetLength),
            Detail = Fit(detail, AuditEntry.MaxDetailLength),
        });

    /// <summary>A text that fits its column, cut with an ellipsis that says how much is left out.</summary>
    internal static string Fit(string text, int max)
    {
        if (text.Length <= max)
            return text;
        var more = $"… ({text.Length:N0} characters in all)";
        var keep = max - more.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
            keep--;
        return text[..keep] + more;
    }
}
