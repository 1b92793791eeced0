using System.Diagnostics;
using System.Net;
using Strata.Bench.Harness;
using Strata.Storage;
using Strata.Storage.Trees;

namespace Strata.Bench.Scenarios;

/// <summary>
/// One folder of 100,000 entries. In the engine: the cost of one more write (bytes of trees and time),
/// listing it and diffing one change, in the chunked format against the format before it (every folder
/// one object, rewritten whole), both measured here. Through a real server: its peak memory while a
/// client fills such a folder file by file. Targets: one write &lt; 64 KB and &lt; 20 ms; listing and
/// diff no slower than before; server &lt; 300 MB.
/// </summary>
public sealed class WideScenario : IScenario
{
    private static readonly DateTimeOffset Time = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly ContentId Blob = ContentId.Compute("x"u8);

    public string Name => "wide";

    public string Description => "one folder of 100,000 entries: one write, listing, diff, server memory";

    public async Task RunAsync(BenchContext context)
    {
        var entries = context.Quick ? 20_000 : 100_000;
        await EngineAsync(context, entries);
        await ServerMemoryAsync(context, entries);
    }

    private async Task EngineAsync(BenchContext context, int entries)
    {
        var folder = context.NewFolder("wide-trees");
        using var trees = new FileSystemTreeStore(folder);
        var root = Tree.EmptyId;
        for (var batch = 0; batch < entries; batch += 5_000)
        {
            var filler = new TreeEditor(trees, root);
            for (var i = batch; i < Math.Min(entries, batch + 5_000); i++)
                await filler.PutFileAsync(Path(i), Blob, 1, Time, CancellationToken.None);
            root = (await filler.CommitAsync(CancellationToken.None)).Id;
        }
        var wideId = (await new TreeEditor(trees, root).GetEntryAsync(StoragePath.Parse("wide"), CancellationToken.None))!.Id;
        var whole = await trees.GetAsync(wideId, CancellationToken.None);
        // The format before: the same folder as one object (what earlier versions stored and rewrote).
        var oldWide = await trees.PutNodeAsync(whole, CancellationToken.None);
        var oldRoot = await trees.PutNodeAsync(new Tree([new TreeEntry("wide", EntryKind.Folder, oldWide, whole.TotalSize, whole.ModifiedAt, whole.FileCount)]), CancellationToken.None);

        var (chunkedTimes, chunkedBytes, chunkedAfter) = await WritesAsync(context, trees, root, entries, OneWriteAsync);
        var (oldTimes, oldBytes, oldAfter) = await WritesAsync(context, trees, oldRoot, entries, OneWholeObjectWriteAsync);
        context.Add(new Row(Name, $"one write into a folder of {entries:N0}: time", chunkedTimes.Format("ms"), oldTimes.Format("ms"),
            Report.Ratio(chunkedTimes, oldTimes), "< 20 ms", Report.Verdict(chunkedTimes.Median < 20)));
        context.Add(new Row(Name, $"one write into a folder of {entries:N0}: trees written", DataSpec.Size((long)chunkedBytes.Median), DataSpec.Size((long)oldBytes.Median),
            Report.Ratio(chunkedBytes, oldBytes), "< 64 KB", Report.Verdict(chunkedBytes.Median < 64 * 1024)));

        // Listing as a page does: every entry read. Cached (the folder decoded in this node's memory), and cold
        // (a fresh store over the same folder: every object read and decoded again, from the OS page cache).
        var wide = StoragePath.Parse("wide");
        var listChunked = await TimeAsync(context, () => ListAllAsync(trees, root, wide));
        var listOld = await TimeAsync(context, () => ListAllAsync(trees, oldRoot, wide));
        context.Add(new Row(Name, $"list the folder of {entries:N0} (engine, cached)", listChunked.Format("ms"), listOld.Format("ms"),
            Report.Ratio(listChunked, listOld), "≤ before", Report.Verdict(listChunked.Median <= listOld.Median * 1.1)));
        var coldChunked = await TimeAsync(context, () => ColdListAsync(folder, root, wide));
        var coldOld = await TimeAsync(context, () => ColdListAsync(folder, oldRoot, wide));
        context.Add(new Row(Name, $"list the folder of {entries:N0} (engine, cold node cache)", coldChunked.Format("ms"), coldOld.Format("ms"),
            Report.Ratio(coldChunked, coldOld), "≤ before", Report.Verdict(coldChunked.Median <= coldOld.Median * 1.1)));
        var diffChunked = await TimeAsync(context, () => TreeDiff.CompareAsync(trees, root, chunkedAfter, CancellationToken.None));
        var diffOld = await TimeAsync(context, () => TreeDiff.CompareAsync(trees, oldRoot, oldAfter, CancellationToken.None));
        context.Add(new Row(Name, $"diff one change in the folder of {entries:N0}", diffChunked.Format("ms"), diffOld.Format("ms"),
            Report.Ratio(diffChunked, diffOld), "≤ before", Report.Verdict(diffChunked.Median <= diffOld.Median * 1.1)));
    }

    /// <summary>Repeated single writes (each a new name into the wide folder, committed on its own): time and tree bytes each.</summary>
    private static async Task<(Stats Times, Stats Bytes, ContentId Last)> WritesAsync(BenchContext context, FileSystemTreeStore trees, ContentId root, int entries,
        Func<FileSystemTreeStore, ContentId, StoragePath, Task<ContentId>> write)
    {
        var times = new List<double>();
        var bytes = new List<double>();
        var current = root;
        for (var run = 0; run < context.Runs * 4; run++)
        {
            var before = trees.BytesWritten;
            var watch = Stopwatch.StartNew();
            current = await write(trees, current, Between(entries, run));
            times.Add(watch.Elapsed.TotalMilliseconds);
            bytes.Add(trees.BytesWritten - before);
        }
        return (Stats.Of(times), Stats.Of(bytes), current);
    }

    private static async Task<ContentId> OneWriteAsync(FileSystemTreeStore trees, ContentId root, StoragePath path)
    {
        var editor = new TreeEditor(trees, root);
        await editor.PutFileAsync(path, Blob, 1, Time, CancellationToken.None);
        return (await editor.CommitAsync(CancellationToken.None)).Id;
    }

    /// <summary>What a write cost before chunking: the folder read whole, changed, and written as one object with its parent.</summary>
    private static async Task<ContentId> OneWholeObjectWriteAsync(FileSystemTreeStore trees, ContentId root, StoragePath path)
    {
        var top = (Tree)await trees.GetNodeAsync(root, CancellationToken.None);
        var wide = (Tree)await trees.GetNodeAsync(top.Entries[0].Id, CancellationToken.None);
        var changed = new Tree([.. wide.Entries.ToDictionary(e => e.Name).Values, TreeEntry.File(path.Name, Blob, 1, Time)]);
        var id = await trees.PutNodeAsync(changed, CancellationToken.None);
        return await trees.PutNodeAsync(new Tree([new TreeEntry("wide", EntryKind.Folder, id, changed.TotalSize, changed.ModifiedAt, changed.FileCount)]), CancellationToken.None);
    }

    private static async Task<long> ListAllAsync(ITreeStore trees, ContentId root, StoragePath folder)
    {
        var total = 0L;
        foreach (var entry in await new TreeEditor(trees, root).ListAsync(folder, CancellationToken.None))
            total += entry.Size + entry.Name.Length;
        return total;
    }

    private static async Task<long> ColdListAsync(string directory, ContentId root, StoragePath folder)
    {
        using var fresh = new FileSystemTreeStore(directory);
        return await ListAllAsync(fresh, root, folder);
    }

    private static async Task<Stats> TimeAsync<T>(BenchContext context, Func<Task<T>> work)
    {
        await work();
        var times = new List<double>();
        for (var run = 0; run < context.Runs; run++)
        {
            var watch = Stopwatch.StartNew();
            await work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Stats.Of(times);
    }

    /// <summary>A real server while eight clients fill one folder with small files through the API.</summary>
    private async Task ServerMemoryAsync(BenchContext context, int entries)
    {
        await using var server = await ServerProcess.StartAsync(context.Repository, context.NewFolder("wide-server"));
        await server.PostJsonAsync("orgs", new { name = "University", slug = "uni" });
        await server.PostJsonAsync("orgs/uni/spaces", new { name = "Course", type = "course" });
        var before = server.RssBytes;
        server.ResetPeak();
        var watch = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var n = Interlocked.Increment(ref next); n < entries; n = Interlocked.Increment(ref next))
            {
                using var content = new ByteArrayContent([(byte)(n % 251)]);
                using var response = await server.Client.PutAsync($"api/v1/orgs/uni/spaces/course/instances/master/states/current/files/wide/file-{n:D6}.txt", content);
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"Upload {n} answered {(int)response.StatusCode}.");
            }
        }));
        var rate = entries / watch.Elapsed.TotalSeconds;
        var peak = server.PeakRssBytes;
        context.Add(new Row(Name, $"server peak working set, 8 clients filling a folder with {entries:N0} files", DataSpec.Size(peak),
            $"{DataSpec.Size(before)} before; {Stats.Number(rate)} files/s", "", "< 300 MB", Report.Verdict(peak < 300L << 20)));
    }

    /// <summary>A new name that sorts between two existing ones, spread over the folder (not appended at its end, where the last chunk is small).</summary>
    private static StoragePath Between(int entries, int run) => StoragePath.Parse($"wide/file-{(int)((run * 7919L + 4999) % entries):D6}.txt-b");

    private static StoragePath Path(int n) => StoragePath.Parse($"wide/file-{n:D6}.txt");
}
