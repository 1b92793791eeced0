using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;

namespace Strata.Core.Assignments;

/// <summary>Finds an assignment of a space as the caller may see it: administrators see all, members of a target those given to them.</summary>
public sealed class AssignmentLookup(StrataDb db, AccessResolver access)
{
    public async Task<(SpaceScope Scope, Assignment Assignment)> VisibleAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, org, space, ct);
        AccessPolicy.Demand(Act.ViewAssignments, scope.Grants, scope.Org.Name, scope.Space.Name);
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.Id == id && a.SpaceId == scope.Space.Id, ct);
        if (assignment is not null && !scope.Grants.SpaceAdmin)
        {
            var mine = scope.ExplicitInstanceRoles.Keys.ToList();
            if (!await db.AssignmentTargets.AnyAsync(t => t.AssignmentId == id && mine.Contains(t.InstanceId), ct))
                assignment = null;
        }
        return assignment is not null ? (scope, assignment) : throw NotFound();
    }

    /// <summary>As <see cref="VisibleAsync"/>, for space administrators only (graders).</summary>
    public async Task<(SpaceScope Scope, Assignment Assignment)> ManagedAsync(Actor actor, string org, string space, Guid id, CancellationToken ct)
    {
        var (scope, assignment) = await VisibleAsync(actor, org, space, id, ct);
        AccessPolicy.Demand(Act.ManageAssignments, scope.Grants, scope.Org.Name, scope.Space.Name);
        return (scope, assignment);
    }

    /// <summary>One target of the assignment by its instance's slug, with the instance.</summary>
    public async Task<(Instance Instance, AssignmentTarget Target)> TargetAsync(SpaceScope scope, Assignment assignment, string? slug, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(slug))
            throw new DomainException(ErrorCodes.InvalidRequest, "Name the instance (instance).");
        var found = await db.Instances.Where(i => i.SpaceId == scope.Space.Id && i.Slug == slug.Trim())
            .Join(db.AssignmentTargets.Where(t => t.AssignmentId == assignment.Id), i => i.Id, t => t.InstanceId, (i, t) => new { Instance = i, Target = t })
            .SingleOrDefaultAsync(ct);
        return found is not null && scope.For(found.Instance).SeesInstance
            ? (found.Instance, found.Target)
            : throw new DomainException(ErrorCodes.NotFound, $"\"{slug.Trim()}\" is not an instance this assignment was given to, or you have no access to it.");
    }

    public static DomainException NotFound() => new(ErrorCodes.NotFound, "There is no such assignment in this space, or you have no access to it.");
}
