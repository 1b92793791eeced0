using System.Text;
using Strata.Storage.Blobs;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Storage.Tests;

/// <summary>The engine's promises from issue 3, one test each: rules, crash safety, cost model, concurrency.</summary>
public sealed class FoundationTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-storage-foundation", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("a/../b", "\"..\"")]
    [InlineData("./a", "\".\"")]
    [InlineData("a//b", "empty segment")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a\tb", "U+0009")]
    [InlineData("nul\0", "U+0000")]
    public void InvalidPathsAreRejectedWithAPreciseMessage(string path, string mentions)
    {
        var error = Assert.Throws<StorageException>(() => StoragePath.Parse(path));
        Assert.Equal(StorageException.InvalidPath, error.Code);
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentsAreLimitedTo255BytesAndPathsTo4096()
    {
        StoragePath.Parse(string.Concat(Enumerable.Repeat("€", 85))); // 255 bytes
        Assert.Throws<StorageException>(() => StoragePath.Parse(string.Concat(Enumerable.Repeat("é", 128)))); // 256 bytes
        // 20 segments of 200 bytes plus separators, then one segment filling the path to exactly 4096 bytes.
        var prefix = string.Join('/', Enumerable.Repeat(new string('a', 200), 20)) + "/";
        var exact = prefix + new string('b', 4096 - prefix.Length);
        Assert.Equal(4096, Encoding.UTF8.GetByteCount(exact));
        StoragePath.Parse(exact);
        var error = Assert.Throws<StorageException>(() => StoragePath.Parse(exact + "c"));
        Assert.Contains("4096", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathsAreNfcNormalised() =>
        Assert.Equal(StoragePath.Parse("caf\u00e9/x"), StoragePath.Parse("cafe\u0301/x"));

    [Fact]
    public async Task CrashMidWriteLeavesNoBlobUnderAnyId()
    {
        var store = new FileSystemBlobStore(folder);
        var content = new byte[300_000];
        new Random(7).NextBytes(content);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new FailingStream(content, failAfter: 200_000), CancellationToken.None));

        Assert.False(await store.ExistsAsync(ContentId.Compute(content), CancellationToken.None));
        Assert.False(await store.ExistsAsync(ContentId.Compute(content.AsSpan(0, 200_000)), CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WritingExistingContentIsANoOp()
    {
        var store = new FileSystemBlobStore(folder);
        var first = await store.PutAsync(new MemoryStream("same"u8.ToArray()), CancellationToken.None);
        var second = await store.PutAsync(new MemoryStream("same"u8.ToArray()), CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task SnapshotAndCopyOfTenThousandFilesWriteNoBlobBytes()
    {
        var blobs = new CountingBlobStore(new FileSystemBlobStore(Path.Combine(folder, "blobs")));
        var trees = new CountingTreeStore(new FileSystemTreeStore(Path.Combine(folder, "trees")));
        var content = await blobs.PutAsync(new MemoryStream("shared content"u8.ToArray()), CancellationToken.None);
        var editor = new TreeEditor(trees, Tree.EmptyId);
        for (var f = 0; f < 100; f++)
            for (var i = 0; i < 100; i++)
                await editor.PutFileAsync(StoragePath.Parse($"folder{f:D3}/file{i:D3}.txt"), content.Id, content.Size, Time, CancellationToken.None);
        var (root, tree) = await editor.CommitAsync(CancellationToken.None);
        Assert.Equal(10_000, tree.FileCount);
        blobs.Reset();
        trees.Reset();

        var snapshot = root; // a snapshot is the root id, nothing more
        var other = new TreeEditor(trees, Tree.EmptyId);
        await other.CopyAsync(StoragePath.Parse("folder042"), StoragePath.Parse("copied/folder042"), snapshot, CancellationToken.None);
        await other.CopyAsync(StoragePath.Parse("folder001"), StoragePath.Parse("again"), snapshot, CancellationToken.None);
        var (copyRoot, copyTree) = await other.CommitAsync(CancellationToken.None);

        Assert.Equal(0, blobs.Puts);
        Assert.Equal(0, blobs.BytesWritten);
        Assert.Equal(200, copyTree.FileCount);
        Assert.True(trees.Puts <= 3, $"copying wrote {trees.Puts} trees");
        Assert.NotEqual(copyRoot, snapshot);
    }

    [Fact]
    public async Task EditingOneFileRewritesOnlyTheTreesOnItsPath()
    {
        var trees = new CountingTreeStore(new InMemoryTreeStore());
        var blob = ContentId.Compute("x"u8);
        var editor = new TreeEditor(trees, Tree.EmptyId);
        for (var f = 0; f < 100; f++)
            for (var i = 0; i < 100; i++)
                await editor.PutFileAsync(StoragePath.Parse($"f{f}/g{i}.txt"), blob, 1, Time, CancellationToken.None);
        var (root, _) = await editor.CommitAsync(CancellationToken.None);
        trees.Reset();

        var edit = new TreeEditor(trees, root);
        await edit.PutFileAsync(StoragePath.Parse("f50/g7.txt"), ContentId.Compute("y"u8), 1, Time, CancellationToken.None);
        var (changed, _) = await edit.CommitAsync(CancellationToken.None);

        // The folder and the root, each 100 entries wide: the one chunk the name is in and the index above it.
        Assert.Equal(4, trees.Puts);
        var changes = await TreeDiff.CompareAsync(trees, root, changed, CancellationToken.None);
        Assert.Equal([new Change("f50/g7.txt", ChangeKind.Modified)], changes);
    }

    [Fact]
    public async Task DiffReadsOnlyTheTreesOnChangedPaths()
    {
        var trees = new CountingTreeStore(new InMemoryTreeStore());
        var blob = ContentId.Compute("x"u8);
        var editor = new TreeEditor(trees, Tree.EmptyId);
        for (var f = 0; f < 100; f++)
            for (var i = 0; i < 100; i++)
                await editor.PutFileAsync(StoragePath.Parse($"f{f}/g{i}.txt"), blob, 1, Time, CancellationToken.None);
        var (before, _) = await editor.CommitAsync(CancellationToken.None);
        var edit = new TreeEditor(trees, before);
        await edit.PutFileAsync(StoragePath.Parse("f1/new.txt"), blob, 1, Time, CancellationToken.None);
        await edit.DeleteAsync(StoragePath.Parse("f2/g2.txt"), CancellationToken.None);
        await edit.PutFileAsync(StoragePath.Parse("f3/g3.txt"), ContentId.Compute("z"u8), 1, Time, CancellationToken.None);
        var (after, _) = await edit.CommitAsync(CancellationToken.None);
        trees.Reset();

        var changes = await TreeDiff.CompareAsync(trees, before, after, CancellationToken.None);

        Assert.Equal(
            [new Change("f1/new.txt", ChangeKind.Added), new Change("f2/g2.txt", ChangeKind.Deleted), new Change("f3/g3.txt", ChangeKind.Modified)],
            changes);
        // Each of the root and the three changed folders (100 entries, two chunks): on both sides, its index and
        // the one chunk that changed; the other chunks and the 97 unchanged folders are not read.
        Assert.True(trees.Gets <= 16, $"diff read {trees.Gets} trees");
    }

    [Fact]
    public async Task ConcurrentWritersToOneStateLoseNoUpdate()
    {
        var trees = new InMemoryTreeStore();
        var refs = new InMemoryStateRefStore();
        refs.Create("s", Tree.EmptyId);
        var writer = new StateWriter(trees, refs);
        var blob = ContentId.Compute("x"u8);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
                await writer.UpdateAsync("s", e => e.PutFileAsync(StoragePath.Parse($"w{w}/{i}.txt"), blob, 1, Time, CancellationToken.None), null, CancellationToken.None);
        })));

        var state = await refs.GetAsync("s", CancellationToken.None);
        Assert.Equal(200, (await trees.GetAsync(state!.Value.Root, CancellationToken.None)).FileCount);
        Assert.Equal(201, state.Value.Version);
    }

    [Fact]
    public async Task ApplyWithAMergePolicyKeepsTargetEditsAndPlacesIncomingBeside()
    {
        var trees = new InMemoryTreeStore();
        ContentId V(string s) => ContentId.Compute(Encoding.UTF8.GetBytes(s));
        var baseEditor = new TreeEditor(trees, Tree.EmptyId);
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt" })
            await baseEditor.PutFileAsync(StoragePath.Parse("hw/" + name), V("base " + name), 1, Time, CancellationToken.None);
        var (delivered, _) = await baseEditor.CommitAsync(CancellationToken.None);

        var sourceEditor = new TreeEditor(trees, delivered);
        await sourceEditor.PutFileAsync(StoragePath.Parse("hw/a.txt"), V("new a"), 1, Time, CancellationToken.None); // source only
        await sourceEditor.PutFileAsync(StoragePath.Parse("hw/c.txt"), V("new c"), 1, Time, CancellationToken.None); // both
        var (source, _) = await sourceEditor.CommitAsync(CancellationToken.None);

        var target = new TreeEditor(trees, delivered);
        await target.PutFileAsync(StoragePath.Parse("hw/b.txt"), V("student b"), 1, Time, CancellationToken.None); // target only
        await target.PutFileAsync(StoragePath.Parse("hw/c.txt"), V("student c"), 1, Time, CancellationToken.None); // both

        var report = await TreeApplier.ApplyAsync(target, source, [StoragePath.Parse("hw")], new MergeWithBase(trees, delivered), false, CancellationToken.None);
        var (result, _) = await target.CommitAsync(CancellationToken.None);
        var files = (await new TreeEditor(trees, result).ListAsync(StoragePath.Parse("hw"), CancellationToken.None)).ToDictionary(e => e.Name, e => e.Id);

        Assert.Equal(V("new a"), files["a.txt"]);
        Assert.Equal(V("student b"), files["b.txt"]);
        Assert.Equal(V("student c"), files["c.txt"]);
        Assert.Equal(V("new c"), files["c (incoming).txt"]);
        Assert.Equal(["hw/c.txt"], report.Conflicts);
        Assert.Equal(1, report.Updated);
    }

    private sealed class MergeWithBase(ITreeStore trees, ContentId baseRoot) : IApplyPolicy
    {
        public async ValueTask<ApplyAction> DecideAsync(StoragePath path, TreeEntry incoming, TreeEntry? existing, CancellationToken ct)
        {
            if (existing is null)
                return ApplyAction.Write;
            var baseEntry = await new TreeEditor(trees, baseRoot).GetEntryAsync(path, ct);
            if (baseEntry?.Id == existing.Id)
                return ApplyAction.Write;
            return baseEntry?.Id == incoming.Id ? ApplyAction.Keep : ApplyAction.WriteBeside;
        }
    }

    private sealed class FailingStream(byte[] content, int failAfter) : Stream
    {
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => content.Length;
        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position >= failAfter)
                throw new IOException("The client went away.");
            var n = Math.Min(count, failAfter - position);
            Array.Copy(content, position, buffer, offset, n);
            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
    {
        public int Puts { get; private set; }
        public long BytesWritten { get; private set; }

        public void Reset() => (Puts, BytesWritten) = (0, 0);

        public async Task<BlobWriteResult> PutAsync(Stream content, CancellationToken ct)
        {
            var result = await inner.PutAsync(content, ct);
            Puts++;
            BytesWritten += result.Size;
            return result;
        }

        public Task<Stream> OpenReadAsync(ContentId id, CancellationToken ct) => inner.OpenReadAsync(id, ct);
        public Task<bool> ExistsAsync(ContentId id, CancellationToken ct) => inner.ExistsAsync(id, ct);
        public Task<long?> GetSizeAsync(ContentId id, CancellationToken ct) => inner.GetSizeAsync(id, ct);

        public Task ProbeAsync(CancellationToken ct) => inner.ProbeAsync(ct);
    }

    private sealed class CountingTreeStore(ITreeStore inner) : ITreeStore
    {
        public int Puts { get; private set; }
        public int Gets { get; private set; }

        public void Reset() => (Puts, Gets) = (0, 0);

        public Task<TreeNode> GetNodeAsync(ContentId id, CancellationToken ct)
        {
            Gets++;
            return inner.GetNodeAsync(id, ct);
        }

        public Task<ContentId> PutNodeAsync(TreeNode node, CancellationToken ct)
        {
            Puts++;
            return inner.PutNodeAsync(node, ct);
        }

        public Task<byte[]> ReadStoredAsync(ContentId id, CancellationToken ct) => inner.ReadStoredAsync(id, ct);
    }
}
