using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Maintenance;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Assignments;

/// <summary>
/// Assignments of a space (SPEC §12, API.md "Assignments"): creating one records it with its targets and queues its
/// hand-out as a distribution, all in one transaction; changing the deadline or an extension needs nothing else, since
/// the <see cref="DeadlineCollector"/> reads deadlines as they are.
/// </summary>
public sealed class AssignmentService(StrataDb db, AccessResolver access, AssignmentLookup lookup, StateRoots roots, ITreeStore trees, AuditLog audit,
    DistributionSignal signal, DeadlineSignal deadlines, TimeProvider clock, WriteIntent intent)
{
    public async Task<AssignmentView> CreateAsync(Actor actor, string org, string space, CreateAssignment request, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, org, space, ct);
        AccessPolicy.Demand(Act.ManageAssignments, scope.Grants, scope.Org.Name, scope.Space.Name);
        var name = AssignmentRules.ValidateName(request.Name);
        var description = AssignmentRules.ValidateDescription(request.Description);
        var dueAt = request.DueAt ?? throw new DomainException(ErrorCodes.InvalidRequest, "Give the deadline (dueAt), for example \"2026-12-14T23:59:00+01:00\".");
        if (dueAt <= clock.GetUtcNow())
            throw new DomainException(ErrorCodes.InvalidRequest, $"The deadline {AssignmentRules.Format(dueAt)} has passed already. Choose one in the future.");
        var late = AssignmentRules.ParseLate(request.Late);
        var strategy = AssignmentRules.ParseStrategy(request.Strategy);
        await RequireFreeNameAsync(scope.Space.Id, name, null, ct);

        var sourceSlug = request.Source?.Instance?.Trim();
        var state = request.Source?.State?.Trim();
        if (string.IsNullOrEmpty(sourceSlug) || string.IsNullOrEmpty(state))
            throw new DomainException(ErrorCodes.InvalidRequest, "Choose what to hand out: an instance and one of its states (source.instance, source.state), usually a snapshot of Master.");
        var source = await VisibleInstances.FindAsync(db, scope, sourceSlug, ct);
        AccessPolicy.Demand(Act.ReadState, scope.For(source), scope.Org.Name, scope.Space.Name);
        var targets = await TargetsAsync(scope, request.Targets, ct);
        if (state == StateRoots.Current && targets.Count > 1)
            throw new DomainException(ErrorCodes.InvalidRequest,
                "A current state can be handed out to one instance only. Snapshot it first, then make the assignment from the snapshot.");

        await intent.BeginAsync(ct); // before the source's root is read and the handed-out tree written: see docs/storage.md
        var (root, _) = await roots.RootOfAsync(source, state, ct);
        var selected = await ContentSelection.ResolveAsync(trees, root, request.Source?.Paths, ct);
        var paths = selected.Count > 0 ? [.. selected.Select(p => p.ToString())] : (await trees.GetAsync(root, ct)).Entries.Select(e => e.Name).ToList();
        if (paths.Count == 0)
            throw new DomainException(ErrorCodes.InvalidRequest, $"The chosen state of {source.Name} is empty: there is nothing to hand out. Add the material first.");
        var (handout, _, _) = await Handouts.SubsetAsync(trees, root, paths, ct);

        var now = clock.GetUtcNow();
        var handoutId = Guid.CreateVersion7();
        var assignment = new Assignment
        {
            OrgId = scope.Org.Id,
            SpaceId = scope.Space.Id,
            Name = name,
            NameKey = Names.Key(name),
            Description = description,
            SourceInstanceId = source.Id,
            SourceInstance = source.Slug,
            SourceState = state,
            SourceRoot = root.ToString(),
            HandoutRoot = handout.ToString(),
            Paths = string.Join('\n', paths),
            DueAt = dueAt.ToUniversalTime(),
            Late = late,
            CreatedAt = now,
            CreatedById = actor.UserId,
            CreatedBy = actor.Email,
            HandoutId = handoutId,
        };
        var job = new Distribution
        {
            Id = handoutId,
            OrgId = scope.Org.Id,
            SpaceId = scope.Space.Id,
            SourceInstanceId = source.Id,
            SourceInstance = source.Slug,
            SourceState = state,
            SourceRoot = root.ToString(),
            Paths = assignment.Paths,
            Strategy = strategy,
            AutoSnapshot = true,
            Notify = request.Notify ?? true,
            Message = HandoutMessage(assignment),
            AssignmentId = assignment.Id,
            Status = DistributionStatus.Queued,
            CreatedAt = now,
            CreatedById = actor.UserId,
            CreatedBy = actor.Email,
            Total = targets.Count,
        };
        db.Assignments.Add(assignment);
        db.AssignmentTargets.AddRange(targets.Select(t => new AssignmentTarget { AssignmentId = assignment.Id, InstanceId = t.Id }));
        db.Distributions.Add(job);
        db.DistributionTargets.AddRange(targets.Select((t, n) => new DistributionTarget { DistributionId = job.Id, InstanceId = t.Id, InstanceSlug = t.Slug, Position = n }));
        audit.Record(scope.Org.Id, actor, "assignment.created", $"assignment \"{name}\" in {scope.Space.Name}",
            $"{Counted.Of(paths.Count, "path")} of {source.Name} to {Counted.Of(targets.Count, "instance")}, due {AssignmentRules.Format(dueAt)}, late hand-ins {late.ToString().ToLowerInvariant()}d");
        await SaveNamedAsync(name, () => intent.SaveChangesAsync(ct));
        signal.Wake();
        return await ViewAsync(assignment, ct);
    }

    public async Task<IReadOnlyList<AssignmentView>> ListAsync(Actor actor, string org, string space, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, org, space, ct);
        AccessPolicy.Demand(Act.ViewAssignments, scope.Grants, scope.Org.Name, scope.Space.Name);
        var query = db.Assignments.AsNoTracking().Where(a => a.SpaceId == scope.Space.Id);
        if (!scope.Grants.SpaceAdmin)
        {
            // API.md: editors of a target list the assignments given to them (viewers reach one by id, to see its hand-ins).
            var mine = scope.ExplicitInstanceRoles.Where(r => r.Value == InstanceRole.Editor).Select(r => r.Key).ToList();
            query = query.Where(a => db.AssignmentTargets.Any(t => t.AssignmentId == a.Id && mine.Contains(t.InstanceId)));
        }
        var assignments = await query.ToListAsync(ct);
        var counts = await CountsAsync([.. assignments.Select(a => a.Id)], ct);
        return [.. assignments.OrderBy(a => a.DueAt).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
            .Select(a => View(a, counts.GetValueOrDefault(a.Id), scope.Grants.SpaceAdmin))];
    }

    public async Task<AssignmentView> GetAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.VisibleAsync(actor, org, space, id, ct);
        return View(assignment, (await CountsAsync([assignment.Id], ct)).GetValueOrDefault(assignment.Id), scope.Grants.SpaceAdmin);
    }

    public async Task<AssignmentView> UpdateAsync(Actor actor, string org, string space, Guid id, UpdateAssignment request, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        List<string> changed = [];
        if (request.Name is not null)
        {
            var name = AssignmentRules.ValidateName(request.Name);
            if (name != assignment.Name)
            {
                await RequireFreeNameAsync(scope.Space.Id, name, assignment.Id, ct);
                changed.Add($"renamed from \"{assignment.Name}\"");
                (assignment.Name, assignment.NameKey) = (name, Names.Key(name));
            }
        }
        if (request.Description is not null)
            assignment.Description = AssignmentRules.ValidateDescription(request.Description);
        if (request.DueAt is { } dueAt && dueAt != assignment.DueAt)
        {
            assignment.DueAt = dueAt.ToUniversalTime();
            changed.Add($"due {AssignmentRules.Format(dueAt)}");
        }
        if (request.Late is not null)
        {
            var late = AssignmentRules.ParseLate(request.Late);
            if (late != assignment.Late)
                changed.Add($"late hand-ins {late.ToString().ToLowerInvariant()}d");
            assignment.Late = late;
        }
        audit.Record(scope.Org.Id, actor, "assignment.updated", $"assignment \"{assignment.Name}\" in {scope.Space.Name}", string.Join(", ", changed));
        await SaveNamedAsync(assignment.Name, () => db.SaveChangesAsync(ct));
        deadlines.Wake();
        return await ViewAsync(assignment, ct);
    }

    /// <summary>Removes the assignment, its targets' grades and feedback folders; the hand-ins stay as snapshots of their instances.</summary>
    public async Task DeleteAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        var instances = await db.AssignmentTargets.Where(t => t.AssignmentId == id).Select(t => t.InstanceId).ToListAsync(ct);
        var keys = instances.Select(i => FeedbackFolders.KeyOf(id, i)).ToList();
        var feedback = await db.StateRefs.Where(r => keys.Contains(r.Key)).ToListAsync(ct);
        db.StateRefs.RemoveRange(feedback);
        DroppedRoots.Record(db, [.. feedback.Select(r => r.Root), assignment.HandoutRoot], clock.GetUtcNow());
        db.Assignments.Remove(assignment);
        audit.Record(scope.Org.Id, actor, "assignment.deleted", $"assignment \"{assignment.Name}\" in {scope.Space.Name}", "its hand-ins stay as snapshots");
        await db.SaveChangesAsync(ct);
        // A hand-out or hand-back still queued or running stops between targets: what it would deliver no longer has an assignment.
        await db.Distributions.Where(d => d.AssignmentId == id && (d.Status == DistributionStatus.Queued || d.Status == DistributionStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.CancelRequested, true), ct);
    }

    public async Task<SubmissionDeadline> SetExtensionAsync(Actor actor, string org, string space, Guid id, string instance, SetExtension request, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        var (target, row) = await lookup.TargetAsync(scope, assignment, instance, ct);
        var dueAt = request.DueAt ?? throw new DomainException(ErrorCodes.InvalidRequest, "Give the instance's own deadline (dueAt).");
        row.DueAt = dueAt.ToUniversalTime();
        audit.Record(scope.Org.Id, actor, "assignment.extended", $"assignment \"{assignment.Name}\" for {InstanceService.Target(scope.Space, target)}", $"due {AssignmentRules.Format(dueAt)}");
        await db.SaveChangesAsync(ct);
        deadlines.Wake();
        return new SubmissionDeadline(target.Slug, AssignmentRules.DueAt(assignment, row), true);
    }

    public async Task RemoveExtensionAsync(Actor actor, string org, string space, Guid id, string instance, CancellationToken ct)
    {
        var (scope, assignment) = await lookup.ManagedAsync(actor, org, space, id, ct);
        var (target, row) = await lookup.TargetAsync(scope, assignment, instance, ct);
        if (row.DueAt is null)
            return;
        row.DueAt = null;
        audit.Record(scope.Org.Id, actor, "assignment.extension_removed", $"assignment \"{assignment.Name}\" for {InstanceService.Target(scope.Space, target)}",
            $"due {AssignmentRules.Format(assignment.DueAt)} again");
        await db.SaveChangesAsync(ct);
        deadlines.Wake();
    }

    private async Task<AssignmentView> ViewAsync(Assignment assignment, CancellationToken ct) =>
        View(assignment, (await CountsAsync([assignment.Id], ct)).GetValueOrDefault(assignment.Id));

    /// <summary>
    /// The assignment with its counts. How many classmates handed in, were graded or got feedback back is the graders'
    /// business (SPEC §12: nothing of another student is visible to a student): others see those counts as 0.
    /// </summary>
    private static AssignmentView View(Assignment a, Counts? counts, bool grader = true) => new(
        a.Id, a.Name, a.Description, new SourceView(a.SourceInstance, a.SourceState, a.PathList), a.DueAt, a.Late, a.CreatedAt, a.CreatedBy, a.HandoutId,
        counts?.Targets ?? 0, grader ? counts?.HandedIn ?? 0 : 0, grader ? counts?.Graded ?? 0 : 0, grader ? counts?.Returned ?? 0 : 0);

    private sealed record Counts(int Targets, int HandedIn, int Graded, int Returned);

    /// <summary>Per assignment: targets, targets that handed in themselves, graded, returned — counted in the database.</summary>
    private async Task<Dictionary<Guid, Counts>> CountsAsync(List<Guid> ids, CancellationToken ct)
    {
        var targets = await db.AssignmentTargets.AsNoTracking().Where(t => ids.Contains(t.AssignmentId))
            .GroupBy(t => t.AssignmentId)
            .Select(g => new { Id = g.Key, Targets = g.Count(), Graded = g.Count(t => t.Grade != null), Returned = g.Count(t => t.ReturnedAt != null) })
            .ToListAsync(ct);
        var handedIn = await db.HandIns.AsNoTracking().Where(h => ids.Contains(h.AssignmentId) && h.Kind == HandInKind.Handin)
            .Select(h => new { h.AssignmentId, h.InstanceId }).Distinct()
            .GroupBy(h => h.AssignmentId).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id, g => g.Count, ct);
        return targets.ToDictionary(t => t.Id, t => new Counts(t.Targets, handedIn.GetValueOrDefault(t.Id), t.Graded, t.Returned));
    }

    /// <summary>Saves; two requests that checked the same free name at once meet the unique index, and the later one is told as the check would have.</summary>
    private static async Task SaveNamedAsync(string name, Func<Task> save)
    {
        try
        {
            await save();
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            throw new DomainException(ErrorCodes.NameTaken, $"This space has an assignment called \"{name}\" already. Choose another name.");
        }
    }

    private async Task RequireFreeNameAsync(Guid spaceId, string name, Guid? self, CancellationToken ct)
    {
        var key = Names.Key(name);
        if (await db.Assignments.AnyAsync(a => a.SpaceId == spaceId && a.NameKey == key && a.Id != self, ct))
            throw new DomainException(ErrorCodes.NameTaken, $"This space has an assignment called \"{name}\" already. Choose another name.");
    }

    /// <summary>All regular instances, or the listed ones (each a regular instance of the space).</summary>
    private async Task<List<Instance>> TargetsAsync(SpaceScope scope, DistributionTargets? targets, CancellationToken ct)
    {
        var listed = targets?.Instances?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        var all = targets?.All == true;
        if (all == (listed.Count > 0))
            throw new DomainException(ErrorCodes.InvalidRequest, "Give the assignment to all instances (targets.all) or to a list of them (targets.instances), one of the two.");
        List<Instance> chosen;
        if (all)
        {
            chosen = await db.Instances.AsNoTracking().Where(i => i.SpaceId == scope.Space.Id && i.Kind == InstanceKind.Regular).ToListAsync(ct);
        }
        else
        {
            chosen = [];
            foreach (var slug in listed)
            {
                var instance = await VisibleInstances.FindAsync(db, scope, slug, ct);
                if (instance.Kind != InstanceKind.Regular)
                    throw new DomainException(ErrorCodes.InvalidRequest, $"{instance.Name} is not a student's instance: assignments go to regular instances. Leave it out.");
                chosen.Add(instance);
            }
        }
        return chosen.Count > 0 ? [.. chosen.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase)]
            : throw new DomainException(ErrorCodes.InvalidRequest, "The space has no regular instances to give the assignment to. Create the students' instances first.");
    }

    /// <summary>The hand-out email's message: the deadline, then as much of the description as a distribution's message holds.</summary>
    private static string HandoutMessage(Assignment a)
    {
        var message = $"Assignment \"{a.Name}\", due {AssignmentRules.Format(a.DueAt)}." + (a.Description.Length > 0 ? $"\n\n{a.Description}" : "");
        return message.Length <= DistributionService.MaxMessageLength ? message : message[..(DistributionService.MaxMessageLength - 1)] + "…";
    }
}

/// <summary>The answer to an extension: the instance and its deadline now.</summary>
public sealed record SubmissionDeadline(string Instance, DateTimeOffset DueAt, bool Extended);
