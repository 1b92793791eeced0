using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.Usage;

/// <summary>
/// A folder object read for a storage count: straight from the store, not through the tree cache (a count reads every
/// folder of the platform once and would flood it), one node at a time — a large folder's chunks are objects of their
/// own, visited as children.
/// </summary>
internal static class StoredNodes
{
    /// <summary>Files directly in the node, and the objects beneath it to visit (sub-folders, or a chunked folder's chunks).</summary>
    public static async Task<(IEnumerable<TreeEntry> Files, IEnumerable<ContentId> Beneath)> ReadAsync(ITreeStore trees, ContentId id, CancellationToken ct)
    {
        if (id == Tree.EmptyId)
            return ([], []);
        return TreeNode.Decode(await trees.ReadStoredAsync(id, ct)) switch
        {
            Tree folder => (folder.Entries.Where(e => !e.IsFolder), folder.Entries.Where(e => e.IsFolder).Select(e => e.Id)),
            TreeIndex index => ([], index.Children.Select(c => c.Id)),
            _ => ([], []),
        };
    }
}
