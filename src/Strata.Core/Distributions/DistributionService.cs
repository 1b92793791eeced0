using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Maintenance;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Distributions;

/// <summary>
/// Distributions of a space (SPEC §6, API.md "Distributions"): checks and records the job; the
/// <see cref="DistributionRunner"/> does the work in the background. Everything is validated before
/// the job exists, so a job never starts from a request that could not run.
/// </summary>
public sealed class DistributionService(StrataDb db, AccessResolver access, StateRoots roots, ITreeStore trees, AuditLog audit, DistributionSignal signal, TimeProvider clock,
    WriteIntent intent)
{
    public const int MaxMessageLength = 4000;

    public async Task<DistributionView> CreateAsync(Actor actor, string org, string space, CreateDistribution request, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, org, space, ct);
        var sourceSlug = Required(request.Source?.Instance, "source.instance", "Choose the instance to distribute from");
        var state = Required(request.Source?.State, "source.state", "Choose its current state or one of its snapshots");
        var strategy = ParseStrategy(request.Strategy);
        if (request.Message is { Length: > MaxMessageLength })
            throw new DomainException(ErrorCodes.InvalidRequest, $"The message is longer than {MaxMessageLength} characters. Shorten it.");
        if (request.Message is not null)
            Names.RefuseControlCharacters(request.Message, "The message");

        var source = await VisibleInstances.FindAsync(db, scope, sourceSlug, ct);
        AccessPolicy.Demand(Act.ReadState, scope.For(source), scope.Org.Name, scope.Space.Name);
        await intent.BeginAsync(ct); // before the source's root is read and pinned: see docs/storage.md
        var (root, _) = await roots.RootOfAsync(source, state, ct);
        var paths = await ContentSelection.ResolveAsync(trees, root, request.Source?.Paths, ct);

        var all = request.Targets?.All == true;
        var listed = request.Targets?.Instances?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (all && listed.Count > 0)
            throw new DomainException(ErrorCodes.InvalidRequest, "Choose either some instances or all instances to distribute to, not both.");
        if (!all && listed.Count == 0)
            throw new DomainException(ErrorCodes.InvalidRequest, "Choose the instances to distribute to, or all instances.");
        var except = request.Targets?.Except?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToHashSet(StringComparer.Ordinal) ?? [];
        if (except.Count > 0 && !all)
            throw new DomainException(ErrorCodes.InvalidRequest, "Leaving instances out works only when distributing to all instances.");
        if (state == StateRoots.Current && (all || listed.Count > 1))
            throw new DomainException(ErrorCodes.InvalidRequest,
                "A current state can be distributed to one instance only. Snapshot it first, then distribute the snapshot to more.");

        List<Instance> targets;
        List<string> left = [];
        if (all)
        {
            AccessPolicy.Demand(Act.DistributeToMany, scope.Grants, scope.Org.Name, scope.Space.Name);
            targets = [.. (await db.Instances.AsNoTracking().Where(i => i.SpaceId == scope.Space.Id && i.Kind != InstanceKind.Master).ToListAsync(ct))
                .OrderBy(i => i.Kind == InstanceKind.Distributed).ThenBy(i => i.Name, StringComparer.OrdinalIgnoreCase)];
            foreach (var slug in except)
            {
                var leftOut = await VisibleInstances.FindAsync(db, scope, slug, ct);
                targets.RemoveAll(t => t.Id == leftOut.Id);
                left.Add(leftOut.Name);
            }
            if (targets.Count == 0)
                throw new DomainException(ErrorCodes.InvalidRequest, "Every instance was left out: there is nothing to distribute to.");
        }
        else
        {
            targets = [];
            foreach (var slug in listed)
                targets.Add(await VisibleInstances.FindAsync(db, scope, slug, ct));
            if (targets.Count > 1)
                AccessPolicy.Demand(Act.DistributeToMany, scope.Grants, scope.Org.Name, scope.Space.Name);
            else
                AccessPolicy.Demand(Act.DistributeToOne, scope.For(targets[0]), scope.Org.Name, scope.Space.Name);
        }

        var distribution = new Distribution
        {
            OrgId = scope.Org.Id,
            SpaceId = scope.Space.Id,
            SourceInstanceId = source.Id,
            SourceInstance = source.Slug,
            SourceState = state,
            SourceRoot = root.ToString(),
            Paths = string.Join('\n', paths.Select(p => p.ToString())),
            Strategy = strategy,
            AutoSnapshot = request.AutoSnapshot ?? true,
            Notify = request.Notify ?? false,
            Message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim(),
            Status = DistributionStatus.Queued,
            CreatedAt = clock.GetUtcNow(),
            CreatedById = actor.UserId,
            CreatedBy = actor.Email,
            Total = targets.Count,
        };
        var rows = targets.Select((t, n) => new DistributionTarget { DistributionId = distribution.Id, InstanceId = t.Id, InstanceSlug = t.Slug, Position = n }).ToList();
        db.Distributions.Add(distribution);
        db.DistributionTargets.AddRange(rows);
        audit.Record(scope.Org.Id, actor, "distribution.created", $"distribution from {source.Name} in {scope.Space.Name}",
            $"{strategy.ToString().ToLowerInvariant()} of {await StateLabelAsync(state, ct)} to {(all ? "all instances" : string.Join(", ", targets.Select(t => t.Name)))}" +
            (left.Count > 0 ? $" except {string.Join(", ", left)}" : ""));
        await intent.SaveChangesAsync(ct);
        signal.Wake();
        return DistributionView.Of(distribution, rows);
    }

    /// <param name="newest">Only this many of the newest jobs (with their targets), read so in the database.</param>
    public async Task<IReadOnlyList<DistributionView>> ListAsync(Actor actor, string org, string space, CancellationToken ct, int? newest = null)
    {
        var scope = await access.SpaceAsync(actor, org, space, ct);
        AccessPolicy.Demand(Act.ViewDistributions, scope.Grants, scope.Org.Name, scope.Space.Name);
        var query = db.Distributions.AsNoTracking().Where(d => d.SpaceId == scope.Space.Id).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id);
        var jobs = await (newest is { } n ? query.Take(n) : query).ToListAsync(ct);
        var ids = jobs.Select(j => j.Id).ToList();
        var targets = (await db.DistributionTargets.AsNoTracking().Where(t => ids.Contains(t.DistributionId)).ToListAsync(ct)).ToLookup(t => t.DistributionId);
        return [.. jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Select(j => DistributionView.Of(j, targets[j.Id]))];
    }

    public async Task<DistributionView> GetAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var (_, job) = await VisibleJobAsync(actor, org, space, id, ct);
        return await ViewAsync(job, ct);
    }

    /// <summary>Stops a job between targets: a queued one at once, a running one after the target in hand.</summary>
    public async Task<DistributionView> CancelAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var (scope, job) = await VisibleJobAsync(actor, org, space, id, ct);
        if (job.Status is DistributionStatus.Queued or DistributionStatus.Running)
        {
            await db.Distributions.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.CancelRequested, true), ct);
            var now = clock.GetUtcNow();
            // A job no worker holds yet is cancelled here; a running one is finished by its worker.
            if (await db.Distributions.Where(d => d.Id == id && d.Status == DistributionStatus.Queued)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DistributionStatus.Cancelled).SetProperty(d => d.FinishedAt, now), ct) == 1)
            {
                await db.DistributionTargets.Where(t => t.DistributionId == id && t.Status == TargetStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TargetStatus.Cancelled), ct);
            }
            audit.Record(scope.Org.Id, actor, "distribution.cancelled", $"distribution from {await SourceLabels.InstanceNameAsync(db, job, ct)} in {scope.Space.Name}", $"made {job.CreatedAt:yyyy-MM-dd HH:mm} UTC");
            await db.SaveChangesAsync(ct);
        }
        return await ViewAsync(await db.Distributions.AsNoTracking().SingleAsync(d => d.Id == id, ct), ct);
    }

    /// <summary>Queues a recall of a finished distribution as a job of its own, over the targets it delivered to.</summary>
    public async Task<DistributionView> RecallAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var (scope, job) = await VisibleJobAsync(actor, org, space, id, ct);
        if (job.RecallOfId is not null)
            throw new DomainException(ErrorCodes.InvalidRequest, "This is a recall already; distribute the content again instead.");
        if (job.Status is DistributionStatus.Queued or DistributionStatus.Running)
            throw new DomainException(ErrorCodes.InvalidRequest, "The distribution is still running. Wait until it finishes, or cancel it, then recall it.");
        var delivered = await db.DistributionTargets.AsNoTracking()
            .Where(t => t.DistributionId == id && t.Status == TargetStatus.Succeeded).OrderBy(t => t.Position).ToListAsync(ct);
        var live = await db.Instances.AsNoTracking().Where(i => i.SpaceId == scope.Space.Id).ToDictionaryAsync(i => i.Id, ct);
        delivered = [.. delivered.Where(t => live.ContainsKey(t.InstanceId))];
        if (delivered.Count == 0)
            throw new DomainException(ErrorCodes.InvalidRequest, "This distribution delivered nothing that is still there to recall.");
        if (delivered.Count > 1)
            AccessPolicy.Demand(Act.DistributeToMany, scope.Grants, scope.Org.Name, scope.Space.Name);
        else
            AccessPolicy.Demand(Act.DistributeToOne, scope.For(live[delivered[0].InstanceId]), scope.Org.Name, scope.Space.Name);

        var recall = new Distribution
        {
            OrgId = job.OrgId,
            SpaceId = job.SpaceId,
            SourceInstanceId = job.SourceInstanceId,
            SourceInstance = job.SourceInstance,
            SourceState = job.SourceState,
            SourceRoot = job.SourceRoot,
            Paths = job.Paths,
            Strategy = job.Strategy,
            AutoSnapshot = true,
            RecallOfId = job.Id,
            Status = DistributionStatus.Queued,
            CreatedAt = clock.GetUtcNow(),
            CreatedById = actor.UserId,
            CreatedBy = actor.Email,
            Total = delivered.Count,
        };
        var rows = delivered.Select((t, n) => new DistributionTarget { DistributionId = recall.Id, InstanceId = t.InstanceId, InstanceSlug = live[t.InstanceId].Slug, Position = n }).ToList();
        db.Distributions.Add(recall);
        db.DistributionTargets.AddRange(rows);
        audit.Record(scope.Org.Id, actor, "distribution.recalled", $"distribution from {await SourceLabels.InstanceNameAsync(db, job, ct)} in {scope.Space.Name}", $"made {job.CreatedAt:yyyy-MM-dd HH:mm} UTC");
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return DistributionView.Of(recall, rows);
    }

    /// <summary>"snapshot "Week 2"" or "the current state", for the audit log.</summary>
    private async Task<string> StateLabelAsync(string state, CancellationToken ct)
    {
        if (!Guid.TryParse(state, out var id))
            return "the current state";
        var name = await db.Snapshots.AsNoTracking().Where(s => s.Id == id).Select(s => s.Name).SingleOrDefaultAsync(ct);
        return $"snapshot \"{name ?? state}\"";
    }

    private async Task<DistributionView> ViewAsync(Distribution job, CancellationToken ct) =>
        DistributionView.Of(job, await db.DistributionTargets.AsNoTracking().Where(t => t.DistributionId == job.Id).ToListAsync(ct));

    /// <summary>Space administrators see every distribution of the space; others only the ones they made.</summary>
    private async Task<(SpaceScope Scope, Distribution Job)> VisibleJobAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, org, space, ct);
        var job = await db.Distributions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.SpaceId == scope.Space.Id, ct);
        return job is not null && (scope.Grants.SpaceAdmin || job.CreatedById == actor.UserId)
            ? (scope, job)
            : throw new DomainException(ErrorCodes.NotFound, "There is no such distribution in this space, or you have no access to it.");
    }

    private static DistributionStrategy ParseStrategy(string? strategy) => strategy?.Trim().ToLowerInvariant() switch
    {
        null or "" or "overwrite" => DistributionStrategy.Overwrite,
        "extra" => DistributionStrategy.Extra,
        "mirror" => DistributionStrategy.Mirror,
        "merge" => DistributionStrategy.Merge,
        _ => throw new DomainException(ErrorCodes.InvalidRequest, $"Unknown strategy \"{strategy}\": use overwrite, extra, mirror or merge."),
    };

    private static string Required(string? value, string field, string what) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new DomainException(ErrorCodes.InvalidRequest, $"{what} ({field}).")
            : value.Trim();
}
