using System.Text;
using Strata.Storage.Blobs;
using Strata.Storage.Integrity;
using Strata.Storage.Trees;

namespace Strata.Storage.Tests.Integrity;

/// <summary>
/// The integrity check reads every reachable object from the store itself, hashes it, and names each missing or
/// corrupt one under every root that reaches it; a clean store reports nothing. Damage is done to the files under
/// the folder stores, as a failing disk or an operator's mistake would.
/// </summary>
public sealed class IntegrityCheckTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-integrity", Guid.NewGuid().ToString("N"));
    private readonly FileSystemBlobStore blobs;
    private readonly FileSystemTreeStore trees;

    public IntegrityCheckTests()
    {
        blobs = new FileSystemBlobStore(Path.Combine(folder, "blobs"));
        trees = new FileSystemTreeStore(Path.Combine(folder, "trees"));
    }

    [Fact]
    public async Task ACleanStoreReportsNothingAndCountsEveryObjectOnce()
    {
        var (first, _) = await StateAsync(("a/one.txt", "one"), ("a/two.txt", "two"), ("b/one-again.txt", "one"));
        var (second, _) = await StateAsync(("a/one.txt", "one"), ("a/two.txt", "two")); // shares folder a/ with the first

        var report = await CheckAsync([first, second], null, CancellationToken.None);

        Assert.True(report.Clean);
        Assert.Empty(report.ProblemsBeneath);
        // Blobs "one" and "two"; trees: two roots, a/ (shared), b/.
        Assert.Equal(2 + 4, report.ObjectsChecked);
    }

    [Fact]
    public async Task AMissingBlobIsNamedUnderEveryRootThatReachesIt()
    {
        var (first, files) = await StateAsync(("a/lost.txt", "lost"), ("a/kept.txt", "kept"));
        var (second, _) = await StateAsync(("copy/lost.txt", "lost"));
        var (third, _) = await StateAsync(("other.txt", "kept"));
        File.Delete(AtomicFile.ObjectPath(Path.Combine(folder, "blobs"), files["a/lost.txt"]));

        var report = await CheckAsync([first, second, third], null, CancellationToken.None);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((files["a/lost.txt"], false, ObjectProblemKind.Missing), (problem.Id, problem.IsFolder, problem.Kind));
        Assert.Equal(new[] { first, second }.Order(), report.ProblemsBeneath.Keys.Order());
        Assert.Equal([files["a/lost.txt"]], report.ProblemsBeneath[first]);
    }

    [Fact]
    public async Task ABlobWhoseBytesChangedIsCorrupt()
    {
        var (root, files) = await StateAsync(("notes.md", "the original words"));
        await File.WriteAllTextAsync(AtomicFile.ObjectPath(Path.Combine(folder, "blobs"), files["notes.md"]), "the original wordz");

        var report = await CheckAsync([root], null, CancellationToken.None);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((files["notes.md"], ObjectProblemKind.Corrupt), (problem.Id, problem.Kind));
        Assert.Equal([files["notes.md"]], report.ProblemsBeneath[root]);
    }

    [Fact]
    public async Task ADamagedFolderObjectIsFoundEvenWhenThisNodeHasItCached()
    {
        var (root, _) = await StateAsync(("week1/a.txt", "a"), ("week2/b.txt", "b"));
        var week1 = (await new TreeEditor(trees, root).GetEntryAsync(StoragePath.Parse("week1"), CancellationToken.None))!.Id;
        var week2 = (await new TreeEditor(trees, root).GetEntryAsync(StoragePath.Parse("week2"), CancellationToken.None))!.Id;
        var trees_ = Path.Combine(folder, "trees");
        File.Delete(AtomicFile.ObjectPath(trees_, week1));
        await File.WriteAllBytesAsync(AtomicFile.ObjectPath(trees_, week2), Encoding.UTF8.GetBytes("not a folder"));

        var report = await CheckAsync([root], null, CancellationToken.None);

        Assert.Equal([(week1, true, ObjectProblemKind.Missing), (week2, true, ObjectProblemKind.Corrupt)],
            report.Problems.Select(p => (p.Id, p.IsFolder, p.Kind)).OrderBy(p => p.Kind));
        Assert.Equal(new[] { week1, week2 }.Order(), report.ProblemsBeneath[root]);
    }

    [Fact]
    public async Task AMissingChunkOfAWideFolderIsFound()
    {
        var editor = new TreeEditor(trees, Tree.EmptyId);
        var blob = (await blobs.PutAsync(new MemoryStream("x"u8.ToArray()), CancellationToken.None)).Id;
        for (var i = 0; i < 5_000; i++)
            await editor.PutFileAsync(StoragePath.Parse($"wide/file-{i:D5}.txt"), blob, 1, Time, CancellationToken.None);
        var (root, _) = await editor.CommitAsync(CancellationToken.None);
        var wide = (await editor.GetEntryAsync(StoragePath.Parse("wide"), CancellationToken.None))!.Id;
        var index = Assert.IsType<TreeIndex>(await trees.GetNodeAsync(wide, CancellationToken.None));
        var chunk = index.Children[1].Id;
        File.Delete(AtomicFile.ObjectPath(Path.Combine(folder, "trees"), chunk));

        var report = await CheckAsync([root], null, CancellationToken.None);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((chunk, true, ObjectProblemKind.Missing), (problem.Id, problem.IsFolder, problem.Kind));
    }

    [Fact]
    public async Task ABlobThatCannotBeReadIsCorruptNotAFailedCheck()
    {
        var (root, files) = await StateAsync(("bad-sector.bin", "unlucky"), ("fine.txt", "fine"));
        using var check = new IntegrityCheck(trees, new UnreadableBlob(blobs, files["bad-sector.bin"]));

        var report = await check.RunAsync([root], null, CancellationToken.None);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((files["bad-sector.bin"], ObjectProblemKind.Corrupt), (problem.Id, problem.Kind));
    }

    [Fact]
    public async Task ProgressIsReportedAsObjectsAreRead()
    {
        var files = Enumerable.Range(0, 2_500).Select(i => ($"f/{i}.txt", $"content {i}")).ToArray();
        var (root, _) = await StateAsync(files);
        var seen = new List<long>();

        var report = await CheckAsync([root], new SynchronousProgress(seen), CancellationToken.None);

        Assert.Contains(1000L, seen);
        Assert.Contains(2000L, seen);
        Assert.Equal(report.ObjectsChecked, seen[^1]);
    }

    private async Task<IntegrityReport> CheckAsync(ContentId[] roots, IProgress<long>? progress, CancellationToken ct)
    {
        using var check = new IntegrityCheck(trees, blobs);
        return await check.RunAsync(roots, progress, ct);
    }

    private async Task<(ContentId Root, Dictionary<string, ContentId> Blobs)> StateAsync(params (string Path, string Text)[] files)
    {
        var editor = new TreeEditor(trees, Tree.EmptyId);
        var ids = new Dictionary<string, ContentId>();
        foreach (var (path, text) in files)
        {
            var blob = await blobs.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);
            ids[path] = blob.Id;
            await editor.PutFileAsync(StoragePath.Parse(path), blob.Id, blob.Size, Time, CancellationToken.None);
        }
        return ((await editor.CommitAsync(CancellationToken.None)).Id, ids);
    }

    public void Dispose()
    {
        trees.Dispose();
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    /// <summary>A store whose one blob sits on a bad sector: reading it fails with an I/O error.</summary>
    private sealed class UnreadableBlob(IBlobStore inner, ContentId unreadable) : IBlobStore
    {
        public Task<BlobWriteResult> PutAsync(Stream content, CancellationToken ct) => inner.PutAsync(content, ct);

        public Task<Stream> OpenReadAsync(ContentId id, CancellationToken ct) =>
            id == unreadable ? throw new IOException("Input/output error") : inner.OpenReadAsync(id, ct);

        public Task<bool> ExistsAsync(ContentId id, CancellationToken ct) => inner.ExistsAsync(id, ct);

        public Task<long?> GetSizeAsync(ContentId id, CancellationToken ct) => inner.GetSizeAsync(id, ct);

        public Task ProbeAsync(CancellationToken ct) => inner.ProbeAsync(ct);
    }

    private sealed class SynchronousProgress(List<long> seen) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (seen)
                seen.Add(value);
        }
    }
}
