using System.Net;
using Strata.Cli.Remote;

namespace Strata.Cli.Sync;

public sealed record StatusResult(IReadOnlyList<string> Added, IReadOnlyList<string> Modified, IReadOnlyList<string> Deleted, bool RemoteMoved);

public sealed record PushResult(long Version, int Changes, int Uploaded, long UploadedBytes, string? Snapshot);

public sealed record Conflict(string Path, string? RemoteCopy);

public sealed record PullResult(IReadOnlyList<string> Updated, IReadOnlyList<Conflict> Conflicts, long Version, long DownloadedBytes);

/// <summary>
/// Folder sync (SPEC §11): status, push and pull of a clone against its instance's current state. A push sends only the
/// content the server lacks and applies every local change as one update conditional on the version last synced (so
/// it changes nothing when the remote moved, or when it is interrupted); a pull brings remote changes and never
/// overwrites a local edit (the remote version lands beside it as "name (remote).ext").
/// </summary>
public sealed class SyncEngine(StrataClient client, Reporter report)
{
    private const int ParallelTransfers = 4;
    private const int HashesPerQuestion = 10_000;

    /// <summary>Files smaller than this travel in packs of up to this many bytes (and <see cref="PackFiles"/> files).</summary>
    private const long PackBytes = 8L << 20;

    private const int PackFiles = 1000;

    public async Task<StatusResult> StatusAsync(string root, Tracking tracking, CancellationToken ct)
    {
        var local = await ScanAsync(root, ct);
        var changes = LocalChanges.Between(tracking, local);
        var remoteMoved = await client.VersionAsync(Address.OfInstance(tracking.Remote), ct) != tracking.Version;
        return new StatusResult(changes.Added, changes.Modified, [.. changes.Deleted, .. changes.FoldersDeleted.Select(f => f + "/")], remoteMoved);
    }

    public async Task<PushResult> PushAsync(string root, Tracking tracking, string? snapshot, CancellationToken ct)
    {
        var at = Address.OfInstance(tracking.Remote);
        var local = await ScanAsync(root, ct);
        if (local.BadNames.Count > 0)
        {
            throw new CliException($"The server would refuse {local.BadNames.Count} name(s), so nothing was sent: {string.Join(", ", local.BadNames.Take(10))}. " +
                "Rename them (no control characters, at most 255 bytes, not \".\" or \"..\") or list them in .strataignore.");
        }
        var changes = LocalChanges.Between(tracking, local);
        if (changes.None)
            return new PushResult(tracking.Version, 0, 0, 0, await SnapshotAsync(at, snapshot, ct));
        var remote = await client.VersionAsync(at, ct);
        if (remote != tracking.Version)
            throw RemoteMoved(remote, tracking.Version);

        var sending = changes.Added.Concat(changes.Modified).Select(p => local.Files[p]).ToList();
        var missing = await MissingAsync(at, sending.Select(f => f.Hash).Distinct().ToList(), ct);
        var uploads = sending.Where(f => missing.Contains(f.Hash)).DistinctBy(f => f.Hash).ToList();
        var bytes = await UploadAsync(root, at, uploads, ct);

        var deletedFolders = changes.FoldersDeleted.Where(f => !changes.FoldersDeleted.Any(o => o != f && f.StartsWith(o + "/", StringComparison.Ordinal))).ToList();
        bool Beneath(string path) => deletedFolders.Any(f => path.StartsWith(f + "/", StringComparison.Ordinal));
        var edits = new List<object>();
        edits.AddRange(deletedFolders.Select(f => new { op = "delete", path = f }));
        edits.AddRange(changes.Deleted.Where(p => !Beneath(p)).Select(p => new { op = "delete", path = p }));
        edits.AddRange(sending.Select(f => new { op = "put", path = f.Path, hash = f.Hash }));
        edits.AddRange(changes.FoldersAdded.Select(f => new { op = "folder", path = f }));
        long version;
        try
        {
            version = (await client.SendAsync<ChangesAnswer>(HttpMethod.Post, at.StatePath("current") + "/changes", new { changes = edits }, ct, tracking.Version)).Version;
        }
        catch (RefusedException e) when (e.Code == "version_conflict")
        {
            throw RemoteMoved(await client.VersionAsync(at, ct), tracking.Version);
        }
        tracking.Version = version;
        tracking.Files = local.Files.ToDictionary(f => f.Key, f => new FileRecord(f.Value.Hash, f.Value.Size), StringComparer.Ordinal);
        tracking.Folders = local.Folders;
        tracking.Save();
        return new PushResult(version, edits.Count, uploads.Count, bytes, await SnapshotAsync(at, snapshot, ct));
    }

    public async Task<PullResult> PullAsync(string root, Tracking tracking, CancellationToken ct)
    {
        var at = Address.OfInstance(tracking.Remote);
        if (await client.VersionAsync(at, ct) == tracking.Version && tracking.Version > 0)
            return new PullResult([], [], tracking.Version, 0);
        var manifest = await client.GetAsync<ManifestAnswer>(at.StatePath("current") + "/manifest", ct);
        var remote = manifest.Files.ToDictionary(f => f.Path, f => new FileRecord(f.Hash, f.Size), StringComparer.Ordinal);
        var local = await ScanAsync(root, ct);
        var updated = new List<string>();
        var conflicts = new List<Conflict>();
        var downloads = new List<Download>();
        foreach (var path in remote.Keys.Union(tracking.Files.Keys).Order(StringComparer.Ordinal))
        {
            var (b, r) = (tracking.Files.GetValueOrDefault(path), remote.GetValueOrDefault(path));
            var l = local.Files.TryGetValue(path, out var file) ? new FileRecord(file.Hash, file.Size) : null;
            if (r?.Hash == b?.Hash)
                continue; // unchanged on the server
            if (l?.Hash == r?.Hash)
                continue; // the same change on both sides
            if (l?.Hash == b?.Hash)
            {
                if (r is null)
                    File.Delete(Path.Combine(root, path));
                else
                    downloads.Add(new Download(Path.Combine(root, path), path, r));
                updated.Add(path);
            }
            else if (r is null)
            {
                conflicts.Add(new Conflict(path, null)); // deleted there, edited here: the edit stays
            }
            else
            {
                var copy = RemoteCopyName(root, path);
                downloads.Add(new Download(Path.Combine(root, copy), path, r));
                conflicts.Add(new Conflict(path, copy));
            }
        }
        var bytes = await DownloadAsync(at, "current", downloads, Path.Combine(root, Tracking.Folder, "tmp"), ct);
        LocalTree.Remember(root, downloads.Select(d => (Path.GetRelativePath(root, d.Local).Replace('\\', '/'), d.File.Hash)));
        foreach (var folder in manifest.Folders.Where(f => !local.Folders.Contains(f)))
            Directory.CreateDirectory(Path.Combine(root, folder));
        foreach (var folder in tracking.Folders.Where(f => !manifest.Folders.Contains(f) && local.Folders.Contains(f)).OrderByDescending(f => f.Length))
        {
            var full = Path.Combine(root, folder);
            if (Directory.Exists(full) && !Directory.EnumerateFileSystemEntries(full).Any())
                Directory.Delete(full);
        }
        tracking.Version = manifest.Version ?? tracking.Version;
        tracking.Files = remote;
        tracking.Folders = new HashSet<string>(manifest.Folders, StringComparer.Ordinal);
        tracking.Save();
        return new PullResult(updated, conflicts, tracking.Version, bytes);
    }

    private async Task<LocalScan> ScanAsync(string root, CancellationToken ct)
    {
        var scan = await LocalTree.ScanAsync(root, null, ct);
        foreach (var warning in scan.Warnings)
            report.Warn(warning);
        return scan;
    }

    public async Task<HashSet<string>> MissingAsync(Address at, List<string> hashes, CancellationToken ct)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Chunk(HashesPerQuestion))
            missing.UnionWith((await client.SendAsync<MissingAnswer>(HttpMethod.Post, at.StatePath("current") + "/contents/missing", new { hashes = chunk }, ct)).Missing);
        return missing;
    }

    /// <summary>
    /// Sends <paramref name="files"/> (by content): small ones in packs of up to <see cref="PackBytes"/> per request, large
    /// ones alone, <see cref="ParallelTransfers"/> requests at a time. A file that no longer hashes to what the scan
    /// found changed while it was sent: the server refuses it, and nothing is committed.
    /// </summary>
    public async Task<long> UploadAsync(string root, Address at, List<LocalFile> files, CancellationToken ct)
    {
        if (files.Count == 0)
            return 0;
        var units = new List<List<LocalFile>>();
        var pack = new List<LocalFile>();
        long packed = 0;
        foreach (var file in files.OrderBy(f => f.Size))
        {
            if (file.Size >= PackBytes)
            {
                units.Add([file]);
                continue;
            }
            if (pack.Count > 0 && (packed + file.Size > PackBytes || pack.Count >= PackFiles))
            {
                units.Add(pack);
                (pack, packed) = ([], 0);
            }
            pack.Add(file);
            packed += file.Size;
        }
        if (pack.Count > 0)
            units.Add(pack);
        long sent = 0;
        var contents = StrataClient.Api + at.StatePath("current") + "/contents";
        await report.ProgressAsync("Uploading", files.Sum(f => f.Size), advance => Parallel.ForEachAsync(units.OrderByDescending(u => u.Sum(f => f.Size)),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelTransfers, CancellationToken = ct }, async (unit, token) =>
        {
            var streams = new List<Stream>();
            try
            {
                HttpRequestMessage request;
                if (unit.Count == 1 && unit[0].Size >= PackBytes)
                {
                    var stream = Open(root, unit[0]);
                    streams.Add(stream);
                    request = new HttpRequestMessage(HttpMethod.Put, $"{contents}/{unit[0].Hash}") { Content = new StreamContent(stream, 1 << 16) };
                    request.Content.Headers.ContentLength = stream.Length;
                }
                else
                {
                    var body = new MultipartFormDataContent();
                    foreach (var file in unit)
                    {
                        var stream = Open(root, file);
                        streams.Add(stream);
                        body.Add(new StreamContent(stream, 1 << 16), file.Hash, file.Hash);
                    }
                    request = new HttpRequestMessage(HttpMethod.Post, contents) { Content = body };
                }
                using var response = await client.SendAsync(request, token);
            }
            catch (RefusedException e) when (e.Status == HttpStatusCode.BadRequest && unit.FirstOrDefault(f => e.Message.Contains($"Content {f.Hash}", StringComparison.Ordinal)) is { } changed)
            {
                throw new CliException($"{changed.Path} changed while it was being sent, so nothing was changed on the server; run 'strata push' again.");
            }
            finally
            {
                foreach (var stream in streams)
                    await stream.DisposeAsync();
            }
            var size = unit.Sum(f => f.Size);
            advance(size);
            Interlocked.Add(ref sent, size);
        }));
        return sent;
    }

    private static FileStream Open(string root, LocalFile file) =>
        new(Path.Combine(root, file.Path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// Fetches files of a state, 4 at a time, each into <paramref name="temporary"/> first and moved to its place only
    /// once it hashes to what the manifest said: a file that changed meanwhile on the server never lands half-new.
    /// </summary>
    public async Task<long> DownloadAsync(Address at, string state, IReadOnlyList<Download> files, string temporary, CancellationToken ct)
    {
        if (files.Count == 0)
            return 0;
        Directory.CreateDirectory(temporary);
        long received = 0;
        await report.ProgressAsync("Downloading", files.Sum(f => f.File.Size), advance => Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = ParallelTransfers, CancellationToken = ct }, async (item, token) =>
        {
            var part = Path.Combine(temporary, Guid.NewGuid().ToString("N"));
            using (var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, StrataClient.Api + at.StatePath(state) + "/files/" + Address.FilePath(item.Remote)), token, HttpCompletionOption.ResponseHeadersRead))
            await using (var file = File.Create(part))
                await response.Content.CopyToAsync(file, token);
            if (await LocalTree.HashAsync(part, token) != item.File.Hash)
            {
                File.Delete(part);
                throw new CliException($"{item.Remote} changed on the server while it was being downloaded; run the command again.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(item.Local)!);
            File.Move(part, item.Local, overwrite: true);
            advance(item.File.Size);
            Interlocked.Add(ref received, item.File.Size);
        }));
        return received;
    }

    /// <summary>"name (remote).ext" beside <paramref name="path"/>, numbered if that is taken too.</summary>
    private static string RemoteCopyName(string root, string path)
    {
        var folder = Path.GetDirectoryName(path)?.Replace('\\', '/');
        var (name, extension) = (Path.GetFileNameWithoutExtension(path), Path.GetExtension(path));
        string Candidate(int n) => (string.IsNullOrEmpty(folder) ? "" : folder + "/") + name + " (remote)" + (n > 1 ? $" {n}" : "") + extension;
        var number = 1;
        while (File.Exists(Path.Combine(root, Candidate(number))))
            number++;
        return Candidate(number);
    }

    private async Task<string?> SnapshotAsync(Address at, string? name, CancellationToken ct) =>
        name is null ? null : (await client.SendAsync<SnapshotAnswer>(HttpMethod.Post, at.InstancePath + "/snapshots", new { name }, ct)).Id;

    private static CliException RemoteMoved(long remote, long mine) => new(
        $"The instance changed on the server since your last pull (it is at version {remote}, this folder at {mine}), so nothing was pushed: run 'strata pull', then push again.");

    private sealed record ChangesAnswer(long Version);

    private sealed record MissingAnswer(string[] Missing);

    private sealed record SnapshotAnswer(string Id);
}

/// <summary>A file to fetch: where it goes, and the server's path and manifest record it comes from.</summary>
public sealed record Download(string Local, string Remote, FileRecord File);

public sealed record ManifestFileAnswer(string Path, long Size, string Hash);

public sealed record ManifestAnswer(long? Version, ManifestFileAnswer[] Files, string[] Folders);
