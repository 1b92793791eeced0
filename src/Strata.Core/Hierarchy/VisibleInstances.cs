using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Data;
using Strata.Core.Errors;

namespace Strata.Core.Hierarchy;

/// <summary>An instance of a space named in a request (a source, a target), if the caller can see it.</summary>
internal static class VisibleInstances
{
    public static async Task<Instance> FindAsync(StrataDb db, SpaceScope scope, string slug, CancellationToken ct)
    {
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.SpaceId == scope.Space.Id && i.Slug == slug, ct);
        return instance is not null && scope.For(instance).SeesInstance
            ? instance
            : throw new DomainException(ErrorCodes.NotFound, $"There is no instance \"{slug}\" in space \"{scope.Space.Name}\", or you have no access to it.");
    }
}
