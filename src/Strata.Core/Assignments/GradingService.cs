using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Hierarchy;

namespace Strata.Core.Assignments;

/// <summary>
/// The graders' side (SPEC §12): one submission per target with its counting hand-in, grades and comments, the CSV
/// export. The list is read in four queries whatever the class size; a hand-in's changes were counted when it was made.
/// </summary>
public sealed class GradingService(StrataDb db, AssignmentLookup lookup, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<SubmissionView>> ListAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var (_, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        return await SubmissionsAsync(assignment, null, ct);
    }

    public async Task<SubmissionView> GradeAsync(Actor actor, string org, string space, Guid id, string instance, GradeSubmission request, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        var (target, row) = await lookup.TargetAsync(scope, assignment, instance, ct);
        row.Grade = AssignmentRules.ValidateGrade(request.Grade);
        row.Comment = AssignmentRules.ValidateComment(request.Comment);
        (row.GradedAt, row.GradedBy) = (clock.GetUtcNow(), actor.Email);
        audit.Record(scope.Org.Id, actor, "assignment.graded", $"assignment \"{assignment.Name}\" for {InstanceService.Target(scope.Space, target)}", row.Grade);
        await db.SaveChangesAsync(ct);
        return (await SubmissionsAsync(assignment, target.Id, ct)).Single();
    }

    /// <summary>API.md's export: <c>instance,members,handedInAt,late,grade,comment</c>, one line per target.</summary>
    public async Task<string> CsvAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        var submissions = await SubmissionsAsync(assignment, null, ct);
        var csv = new StringBuilder("instance,members,handedInAt,late,grade,comment\r\n");
        foreach (var s in submissions)
        {
            string[] cells =
            [
                s.Instance, string.Join(';', s.Members),
                s.HandIn?.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "",
                s.HandIn is null ? "" : s.HandIn.Late ? "true" : "false", s.Grade ?? "", s.Comment ?? "",
            ];
            csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }
        audit.Record(scope.Org.Id, actor, "assignment.exported", $"assignment \"{assignment.Name}\" in {scope.Space.Name}", "grades as CSV");
        await db.SaveChangesAsync(ct);
        return csv.ToString();
    }

    /// <summary>
    /// One submission per target (of one target, with <paramref name="only"/>), by instance name. The hand-in that counts is
    /// the target's latest own hand-in, else the latest collected one.
    /// </summary>
    internal async Task<IReadOnlyList<SubmissionView>> SubmissionsAsync(Assignment assignment, Guid? only, CancellationToken ct)
    {
        var targets = await db.AssignmentTargets.AsNoTracking().Where(t => t.AssignmentId == assignment.Id && (only == null || t.InstanceId == only))
            .Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => new { Target = t, i.Slug, i.Name }).ToListAsync(ct);
        var members = (await db.InstanceMembers.AsNoTracking()
                .Where(m => m.Role == InstanceRole.Editor && db.AssignmentTargets.Any(t => t.AssignmentId == assignment.Id && t.InstanceId == m.InstanceId && (only == null || t.InstanceId == only)))
                .Join(db.Users.AsNoTracking(), m => m.UserId, u => u.Id, (m, u) => new { m.InstanceId, u.Email }).ToListAsync(ct))
            .ToLookup(m => m.InstanceId, m => m.Email);
        var handIns = (await db.HandIns.AsNoTracking().Where(h => h.AssignmentId == assignment.Id && (only == null || h.InstanceId == only)).ToListAsync(ct))
            .GroupBy(h => h.InstanceId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(h => h.Kind == HandInKind.Handin).ThenByDescending(h => h.At).ThenByDescending(h => h.Id).First());
        var snapshotIds = handIns.Values.Select(h => h.SnapshotId).ToList();
        var snapshots = await db.Snapshots.AsNoTracking().Where(s => snapshotIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        return
        [
            .. targets.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Slug, StringComparer.Ordinal).Select(t =>
            {
                var handIn = handIns.GetValueOrDefault(t.Target.InstanceId);
                return new SubmissionView(t.Slug, t.Name, [.. members[t.Target.InstanceId].Order(StringComparer.Ordinal)],
                    handIn is null ? null : HandInView.Of(handIn, t.Slug, snapshots[handIn.SnapshotId]),
                    AssignmentRules.DueAt(assignment, t.Target), t.Target.Grade, t.Target.Comment, t.Target.ReturnedAt,
                    new ChangeCounts(handIn?.Added ?? 0, handIn?.Modified ?? 0, handIn?.Deleted ?? 0));
            }),
        ];
    }

    internal async Task<string> SnapshotRootAsync(Guid snapshot, CancellationToken ct) =>
        await db.Snapshots.AsNoTracking().Where(s => s.Id == snapshot).Select(s => s.Root).SingleAsync(ct);

    /// <summary>RFC 4180 quoting, and a leading = + - @ (a formula to a spreadsheet) made text unless the cell is a number.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal)
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
