using Strata.Core.Access;
using Strata.Core.States;
using Strata.Storage;

namespace Strata.Core.Compare;

/// <summary>
/// What a state is compared against: <c>current</c> or a snapshot id of the same instance, or
/// <c>{instance}/{state}</c> for a state of another instance of the same space (a student's hand-in
/// against the Master snapshot). The caller must be able to read that other state too.
/// </summary>
public sealed class OtherState(AccessResolver access, StateRoots roots)
{
    public async Task<ContentId> RootAsync(Actor actor, InstanceScope scope, string against, CancellationToken ct)
    {
        var slash = against.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
            return (await roots.RootOfAsync(scope.Instance, against.Trim(), ct)).Root;
        var other = await access.InstanceAsync(actor, scope.Org.Slug, scope.Space.Slug, against[..slash].Trim(), ct);
        AccessPolicy.Demand(Act.ReadState, other.Grants, other.Org.Name, other.Space.Name);
        return (await roots.RootOfAsync(other.Instance, against[(slash + 1)..].Trim(), ct)).Root;
    }
}
