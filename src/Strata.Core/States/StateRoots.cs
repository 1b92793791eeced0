using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Storage;
using Strata.Storage.States;

namespace Strata.Core.States;

/// <summary>Resolves a {state} of an instance (current or a snapshot id) to its root tree.</summary>
public sealed class StateRoots(StrataDb db, IStateRefStore refs)
{
    public const string Current = "current";

    /// <summary>The root, and the version when the state is the current one.</summary>
    public async Task<(ContentId Root, long? Version)> RootOfAsync(Instance instance, string state, CancellationToken ct)
    {
        if (state != Current)
        {
            var snapshot = Guid.TryParse(state, out var id)
                ? await db.Snapshots.AsNoTracking().SingleOrDefaultAsync(s => s.InstanceId == instance.Id && s.Id == id, ct)
                : null;
            return snapshot is null
                ? throw new DomainException(ErrorCodes.NotFound, $"There is no state \"{state}\" in this instance: use current or a snapshot id.")
                : (ContentId.Parse(snapshot.Root), null);
        }
        var current = await refs.GetAsync(StateRefRow.CurrentOf(instance.Id), ct)
            ?? throw new InvalidOperationException($"Instance {instance.Id} has no current state.");
        return (current.Root, current.Version);
    }
}
