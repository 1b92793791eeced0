using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Core.States;

/// <summary>
/// What a state holds against a quota (API.md "Quotas"): the bytes of its files, each distinct content once. Read by
/// walking the state's folders (this node's cache holds most of them); remembered per root, which never changes.
/// </summary>
public sealed class StateUsage(ITreeStore trees)
{
    private const int Remembered = 4096;
    private readonly Dictionary<ContentId, long> known = [];
    private readonly Queue<ContentId> order = new();
    private readonly Lock gate = new();

    public async Task<long> DistinctBytesAsync(ContentId root, CancellationToken ct)
    {
        lock (gate)
        {
            if (known.TryGetValue(root, out var bytes))
                return bytes;
        }
        var blobs = new Dictionary<ContentId, long>();
        await Reachable.AddBlobsAsync(trees, root, blobs, [], ct);
        var total = blobs.Values.Sum();
        lock (gate)
        {
            if (known.TryAdd(root, total))
            {
                order.Enqueue(root);
                if (order.Count > Remembered)
                    known.Remove(order.Dequeue());
            }
        }
        return total;
    }
}
