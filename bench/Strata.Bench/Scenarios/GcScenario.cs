using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Strata.Bench.Harness;
using Strata.Core.Hierarchy;
using Strata.Core.Maintenance;
using Strata.Storage;
using Strata.Storage.Collection;
using Strata.Storage.Objects;
using Strata.Storage.Trees;

namespace Strata.Bench.Scenarios;

/// <summary>
/// Garbage collection (issue 16, item 6). (1) The mark at scale: folder objects naming millions of distinct files,
/// walked as the collector walks them (files are never read while marking, so only the folder objects are stored);
/// objects marked per minute and the managed heap's peak while marking. (2) Reclaiming: two courses sharing half
/// their files; one is deleted and a collection runs through the services; the bytes given back against the deleted
/// course's unique bytes. (3) Uploads while collections run back to back, their p99 against the same uploads idle.
/// </summary>
public sealed class GcScenario : IScenario
{
    public string Name => "gc";

    public string Description => "garbage collection: objects marked per minute and peak memory; bytes reclaimed after deleting a course; upload p99 during collection";

    public async Task RunAsync(BenchContext context)
    {
        var files = context.Quick ? 1_000_000 : BenchContent.OnS3 ? 1_000_000 : 10_000_000;
        await MarkAtScaleAsync(context, files);
        await ReclaimAndWriteAsync(context, context.Quick ? 400 : 4_000, TimeSpan.FromSeconds(context.Quick ? 3 : 10));
    }

    private async Task MarkAtScaleAsync(BenchContext context, int files)
    {
        const int PerFolder = 100;
        const int FoldersPerRoot = 100;
        var folder = context.NewFolder("gc-mark");
        var location = BenchContent.Create(folder);
        IObjectStore objects = S3Address(location) ? Storage.S3.S3ObjectStore.FromUrl(location, BenchContent.Setting) : new FileSystemObjectStore(location);
        Console.WriteLine($"  writing {files / PerFolder:N0} folder objects naming {files:N0} files");
        var watch = Stopwatch.StartNew();
        var roots = await WriteFixtureAsync(objects, location, files, PerFolder, FoldersPerRoot);
        Console.WriteLine($"  fixture written in {watch.Elapsed.TotalSeconds:0} s");

        using var trees = new ObjectTreeStore(objects);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var sampler = new HeapSampler();
        watch.Restart();
        var marks = new Marker(trees);
        await marks.MarkAsync(roots, null, CancellationToken.None);
        var markSeconds = watch.Elapsed.TotalSeconds;
        var peak = sampler.Stop() - heapBefore;
        var held = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        watch.Restart();
        var listed = await new Sweep(objects, marks).TrashAsync(DateTimeOffset.UtcNow.AddDays(1), dryRun: true, CancellationToken.None);
        var listSeconds = watch.Elapsed.TotalSeconds;
        GC.KeepAlive(marks);

        var perMinute = marks.ObjectsMarked / markSeconds * 60;
        var atTenMillion = (double)peak / marks.ObjectsMarked * 10_000_000;
        context.Add(new Row(Name, $"mark {marks.ObjectsMarked:N0} objects ({marks.FoldersMarked:N0} folders)",
            $"{markSeconds:0.0} s, {perMinute / 1e6:0.0} M objects/min; heap peak {DataSpec.Size(peak)}, held {DataSpec.Size(held)}",
            $"sweep listing {listed.Listed:N0} stored objects {listSeconds:0.0} s",
            marks.ObjectsMarked >= 10_000_000 ? "measured at 10 M" : $"≈{DataSpec.Size(atTenMillion)} at 10 M (linear)",
            "≥ 1 M/min; < 500 MB at 10 M", perMinute >= 1e6 && atTenMillion < 500e6 ? "met" : "missed"));
        await CountAsync(context, trees, roots);
        BenchContent.Drop(location);
    }

    /// <summary>
    /// The storage count over the same roots (issue 16, item 5): every two roots an instance, every 100 instances a space,
    /// as <see cref="Strata.Core.Usage.UsageCounter"/> passes them; time and managed heap peak of both walks.
    /// </summary>
    private async Task CountAsync(BenchContext context, ITreeStore trees, List<ContentId> roots)
    {
        var holdings = roots.Select((root, i) => new Strata.Core.Usage.Holding(root, i, i / 2, i / 200)).ToList();
        var (instances, spaces) = (holdings[^1].Instance + 1, holdings[^1].Space + 1);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var sampler = new HeapSampler();
        var watch = Stopwatch.StartNew();
        var alone = await Strata.Core.Usage.HeldAlone.CountAsync(trees, holdings, roots.Count, instances, spaces, null, CancellationToken.None);
        var aloneSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        await Strata.Core.Usage.Referenced.CountAsync(trees, holdings, instances, spaces, null, CancellationToken.None);
        var referencedSeconds = watch.Elapsed.TotalSeconds;
        var peak = sampler.Stop() - heapBefore;
        var objects = alone.ObjectsReached;
        GC.KeepAlive(alone);
        context.Add(new Row(Name, $"storage count of {objects:N0} objects ({roots.Count:N0} roots, {instances:N0} instances)",
            $"held alone {aloneSeconds:0.0} s + referenced {referencedSeconds:0.0} s; heap peak {DataSpec.Size(peak)}",
            "", objects >= 10_000_000 ? "measured at 10 M" : $"≈{DataSpec.Size((double)peak / objects * 10_000_000)} at 10 M (linear)", "", "measured"));
    }

    /// <summary>Folder objects of <paramref name="perFolder"/> distinct file ids each, under roots of <paramref name="foldersPerRoot"/> folders.</summary>
    private static async Task<List<ContentId>> WriteFixtureAsync(IObjectStore objects, string location, int files, int perFolder, int foldersPerRoot)
    {
        var when = DateTimeOffset.UnixEpoch;
        var folderIds = new List<ContentId>();
        var roots = new List<ContentId>();
        var pending = new List<(ContentId Id, byte[] Bytes)>();
        async Task FlushAsync()
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, ct) =>
            {
                var key = ObjectKeys.Of(ObjectKeys.Trees, item.Id);
                if (objects is FileSystemObjectStore)
                {
                    // The fixture skips the store's fsync per object: 100,000 of them would take minutes and prove nothing here.
                    var path = Path.Combine(location, key);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await File.WriteAllBytesAsync(path, item.Bytes, ct);
                }
                else
                {
                    using var content = new MemoryStream(item.Bytes);
                    await objects.PutAsync(key, content, ct);
                }
            });
            pending.Clear();
        }
        var seed = new byte[8];
        for (var f = 0; f < files / perFolder; f++)
        {
            var entries = new List<TreeEntry>(perFolder);
            for (var n = 0; n < perFolder; n++)
            {
                BitConverter.TryWriteBytes(seed, (long)f * perFolder + n);
                entries.Add(TreeEntry.File($"file{n:D3}.dat", ContentId.FromHash(SHA256.HashData(seed)), 4096, when));
            }
            var folder = new Tree(entries);
            var bytes = folder.Encode();
            var id = ContentId.Compute(bytes);
            pending.Add((id, bytes));
            folderIds.Add(id);
            if (folderIds.Count == foldersPerRoot)
            {
                var root = new Tree(folderIds.Select((c, i) => new TreeEntry($"week{i:D3}", EntryKind.Folder, c, 4096L * perFolder, when, perFolder)));
                var rootBytes = root.Encode();
                var rootId = ContentId.Compute(rootBytes);
                pending.Add((rootId, rootBytes));
                roots.Add(rootId);
                folderIds.Clear();
            }
            if (pending.Count >= 2000)
                await FlushAsync();
        }
        await FlushAsync();
        return roots;
    }

    private async Task ReclaimAndWriteAsync(BenchContext context, int files, TimeSpan window)
    {
        var folder = context.NewFolder("gc-reclaim");
        var source = Path.Combine(folder, "files");
        Directory.CreateDirectory(source);
        const int Size = 64 * 1024;
        var random = new Random(16);
        var paths = new List<string>();
        for (var n = 0; n < files * 3 / 2; n++)
        {
            var bytes = new byte[Size];
            random.NextBytes(bytes);
            var path = $"f{n / 100:D3}/file{n:D5}.dat";
            Directory.CreateDirectory(Path.Combine(source, Path.GetDirectoryName(path)!));
            await File.WriteAllBytesAsync(Path.Combine(source, path), bytes);
            paths.Add(path);
        }
        var options = new CollectorOptions { Grace = TimeSpan.Zero, Interval = TimeSpan.Zero, IntentWait = TimeSpan.FromSeconds(5) };
        await using var host = await StrataHost.CreateAsync(Path.Combine(folder, "strata"), s => s.Replace(ServiceDescriptor.Singleton(options)));
        await host.RunAsync(s => s.GetRequiredService<SpaceService>().CreateAsync(host.Admin, StrataHost.Org,
            new CreateSpace("other", SpaceType.Course, SpaceVisibility.Private, ""), CancellationToken.None));
        await host.ImportAsync("master", source, paths.Take(files));
        await host.ImportAsync(new Core.States.InstanceAddress(StrataHost.Org, "other", "master"), source, paths.Skip(files / 2).Take(files));
        var unique = (long)(files / 2) * Size;
        var before = host.BlobBytes;

        await host.RunAsync(async s =>
        {
            await s.GetRequiredService<SpaceService>().DeleteAsync(host.Admin, StrataHost.Org, StrataHost.Space, CancellationToken.None);
            return true;
        });
        var watch = Stopwatch.StartNew();
        var report = await CollectAsync(host);
        var seconds = watch.Elapsed.TotalSeconds;
        var reclaimed = before - host.BlobBytes;
        context.Add(new Row(Name, $"delete a course of {files:N0} files ({DataSpec.Size((long)files * Size)}), half shared, then collect",
            $"{DataSpec.Size(reclaimed)} of files given back ({report.BlobsDeleted:N0} files, {report.TreesDeleted:N0} folder objects) in {seconds:0.0} s",
            $"its unique files: {DataSpec.Size(unique)}", reclaimed == unique ? "exactly its unique bytes" : $"{(double)reclaimed / unique:0.00}×", "unique bytes back, shared stay",
            reclaimed == unique ? "met" : "missed"));

        // Uploads into the course that stays: alone, then while collections run back to back.
        var small = new byte[4096];
        var idle = await UploadsAsync(host, small, window, () => true);
        var collections = 0;
        using var stop = new CancellationTokenSource();
        var collecting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await CollectAsync(host);
                collections++;
            }
        });
        var during = await UploadsAsync(host, small, window, () => !collecting.IsCompleted);
        await stop.CancelAsync();
        await collecting;
        var (idle99, during99) = (Percentile(idle, 0.99), Percentile(during, 0.99));
        context.Add(new Row(Name, $"uploads of 4 KB during collection ({collections} collections in {window.TotalSeconds:0} s)",
            $"p99 {during99:0.0} ms, p50 {Percentile(during, 0.5):0.0} ms ({during.Count} uploads)",
            $"idle p99 {idle99:0.0} ms, p50 {Percentile(idle, 0.5):0.0} ms ({idle.Count} uploads)", $"{during99 / idle99:0.00}×", "≤ 2× idle p99",
            during99 <= 2 * idle99 ? "met" : "missed"));
    }

    private static async Task<GcReport> CollectAsync(StrataHost host)
    {
        var queued = await host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().StartAsync(host.Admin, MaintenanceKind.Gc, dryRun: false, CancellationToken.None));
        await host.RunAsync(s => s.GetRequiredService<MaintenanceRunner>().RunNextAsync("bench", CancellationToken.None));
        var run = await host.RunAsync(s => s.GetRequiredService<StorageMaintenance>().GetAsync(host.Admin, MaintenanceKind.Gc, queued.Run.Id, CancellationToken.None));
        return run.Collection ?? throw new InvalidOperationException($"The collection did not succeed: {run.Run.Error}");
    }

    private static async Task<List<double>> UploadsAsync(StrataHost host, byte[] bytes, TimeSpan window, Func<bool> going)
    {
        var times = new List<double>();
        var watch = Stopwatch.StartNew();
        for (var n = 0; watch.Elapsed < window && going(); n++)
        {
            RandomNumberGenerator.Fill(bytes);
            var one = Stopwatch.StartNew();
            await host.RunAsync(s => s.GetRequiredService<Core.States.FileService>().UploadAsync(host.Admin, new Core.States.InstanceAddress(StrataHost.Org, "other", "master"),
                "current", $"uploads/u{n:D5}.dat", new MemoryStream(bytes), bytes.Length, null, CancellationToken.None));
            times.Add(one.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static bool S3Address(string location) => Storage.S3.S3Address.IsS3(location);

    /// <summary>The managed heap's largest size while it runs, sampled every 20 ms.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Timer timer;
        private long peak;

        public HeapSampler() => timer = new Timer(_ => Sample(), null, 0, 20);

        public long Stop()
        {
            timer.Change(Timeout.Infinite, Timeout.Infinite);
            Sample();
            return Interlocked.Read(ref peak);
        }

        private void Sample()
        {
            var now = GC.GetTotalMemory(forceFullCollection: false);
            long seen;
            while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }
        }

        public void Dispose() => timer.Dispose();
    }
}
