using Strata.Core.Hierarchy;
using Strata.Storage.Trees;

namespace Strata.Core.States;

internal static class EmptyState
{
    /// <summary>The current state of a new instance: the empty tree, version 1.</summary>
    public static StateRefRow For(Instance instance) =>
        new() { Key = StateRefRow.CurrentOf(instance.Id), Root = Tree.EmptyId.ToString(), Version = 1, InstanceId = instance.Id };
}
