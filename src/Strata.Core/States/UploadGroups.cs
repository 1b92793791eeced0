using System.Collections.Concurrent;
using Strata.Storage;
using Strata.Storage.States;

namespace Strata.Core.States;

/// <summary>
/// Group commit of uploads into one state on this node (issue 19). Each upload stores its bytes on its own, in parallel;
/// then, instead of each taking its turn to rewrite the state's folders and swap its root, the uploads that arrive while
/// one commit runs wait in a queue and the next of them commits them all in one rewrite and one swap. Every upload is
/// answered only once the swap that holds it has committed. A group that cannot commit as a whole (one file where a
/// folder stands, a quota it goes over, an intent gone stale) is committed one upload at a time, so each gets its own
/// answer, as if it had come alone.
/// </summary>
public sealed class UploadGroups
{
    private readonly ConcurrentDictionary<string, Group> groups = new(StringComparer.Ordinal);

    /// <summary>One stored file waiting for its place in the state.</summary>
    public sealed class Upload(StoragePath path, ContentId content, long size, DateTimeOffset at, Guid intent)
    {
        public StoragePath Path { get; } = path;

        public ContentId Content { get; } = content;

        public long Size { get; } = size;

        public DateTimeOffset At { get; } = at;

        /// <summary>The write intent its bytes were stored under, confirmed in the commit that references them.</summary>
        public Guid Intent { get; } = intent;

        internal TaskCompletionSource<Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set when the commit before hands this waiting upload the lead.</summary>
        internal TaskCompletionSource Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Answers this upload (once; later answers are ignored).</summary>
        public void Answer(StateRef state, bool created) => Done.TrySetResult(new Outcome(state, created, null));

        public void Fail(Exception error) => Done.TrySetResult(new Outcome(null, false, error));
    }

    internal sealed record Outcome(StateRef? State, bool Created, Exception? Error);

    /// <summary>Uploads waiting for a commit on this node, for tests.</summary>
    internal int Waiting => groups.Values.Sum(g => { lock (g) return g.Queue.Count; });

    private sealed class Group
    {
        public List<Upload> Queue { get; set; } = [];

        public bool Leading { get; set; }
    }

    /// <summary>
    /// Queues the upload under <paramref name="key"/> (a state and whatever must be the same for uploads to commit together)
    /// and waits for its answer. When no commit is running for the key, or when the previous one hands over, this caller
    /// runs <paramref name="commit"/> with everything queued by then (itself included), through its own services; it must
    /// answer every upload it is given.
    /// </summary>
    public async Task<(StateRef State, bool Created)> CommitAsync(string key, Upload upload, Func<IReadOnlyList<Upload>, Task> commit)
    {
        var group = groups.GetOrAdd(key, _ => new Group());
        bool lead;
        lock (group)
        {
            group.Queue.Add(upload);
            lead = !group.Leading;
            group.Leading = true;
        }
        if (!lead)
        {
            await Task.WhenAny(upload.Done.Task, upload.Turn.Task);
            lead = !upload.Done.Task.IsCompleted;
        }
        if (lead)
            await LeadAsync(key, group, commit);
        var outcome = await upload.Done.Task;
        if (outcome.Error is { } error)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return (outcome.State!.Value, outcome.Created);
    }

    private async Task LeadAsync(string key, Group group, Func<IReadOnlyList<Upload>, Task> commit)
    {
        List<Upload> batch;
        lock (group)
        {
            batch = group.Queue;
            group.Queue = [];
        }
        try
        {
            await commit(batch);
        }
        finally
        {
            foreach (var waiting in batch)
                waiting.Fail(new InvalidOperationException("The upload was not committed: its group ended without an answer for it. Try again."));
            Upload? next = null;
            lock (group)
            {
                if (group.Queue.Count > 0)
                {
                    next = group.Queue[0];
                }
                else
                {
                    group.Leading = false;
                    // A caller that took the group from the dictionary just before this may still queue in it: it then
                    // leads it itself, and a newer group for the key commits beside it through the state's own gate.
                    groups.TryRemove(new KeyValuePair<string, Group>(key, group));
                }
            }
            next?.Turn.TrySetResult();
        }
    }
}
