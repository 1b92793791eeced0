using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Strata.Bench.Harness;

namespace Strata.Bench.Scenarios;

/// <summary>
/// Upload 1 GB of mixed files (10,000) through the HTTP API of a real server process, against `cp -a` of the same folder
/// on the same disk, two ways: per file (PUT …/files/{path}, 4 uploads at a time; target ≥ 50% of cp) and through the
/// batch content API as the strata command uses it (hash, ask what is missing, send it in packs of up to 8 MB 4 at a
/// time, one POST …/changes; target ≥ 70% of cp).
/// </summary>
public sealed class IngestScenario : IScenario
{
    private const string State = "api/v1/orgs/uni/spaces/course/instances/master/states/current";

    /// <summary>The strata command's pack size (SyncEngine): contents below it travel together.</summary>
    private const long PackBytes = 8L << 20;

    public string Name => "ingest";

    public string Description => "upload 1 GB of mixed files over HTTP, per file and in one batch, vs cp -a";

    public async Task RunAsync(BenchContext context)
    {
        var spec = DistributeScenario.Spec(context.Quick);
        var (source, paths) = context.Data(spec);
        var perFile = new List<double>();
        var batch = new List<double>();
        var versions = new List<double>();
        var copy = new List<double>();
        var runs = context.Quick ? 1 : 3;
        for (var run = 0; run < runs; run++)
        {
            await using (var server = await StartAsync(context))
            {
                var watch = Stopwatch.StartNew();
                await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, ct) =>
                {
                    await using var file = File.OpenRead(Path.Combine(source, path));
                    using var content = new StreamContent(file, 1 << 16);
                    using var response = await server.Client.PutAsync($"{State}/files/{Escape(path)}", content, ct);
                    await EnsureAsync(response, $"PUT {path}", ct);
                });
                perFile.Add(spec.Bytes / watch.Elapsed.TotalSeconds / (1 << 20));
                versions.Add(await VersionAsync(server));
            }

            await using (var server = await StartAsync(context))
            {
                var watch = Stopwatch.StartNew();
                await UploadBatchAsync(server, source, paths);
                batch.Add(spec.Bytes / watch.Elapsed.TotalSeconds / (1 << 20));
            }

            var target = context.NewFolder("cp");
            copy.Add(spec.Bytes / (Shell.Time(source, $"cp -a . '{target}' && sync") / 1000) / (1 << 20));
            Directory.Delete(target, recursive: true);
        }
        var c = Stats.Of(copy);
        var s = Stats.Of(perFile);
        context.Add(new Row(Name, $"{spec.Name} over HTTP, per file, 4 at a time", s.Format("MB/s"), $"cp -a {c.Format("MB/s")}", Report.Ratio(s, c), "≥ 0.5× cp",
            Report.Verdict(s.Median >= c.Median / 2)));
        context.Add(new Row(Name, $"state versions made by those {paths.Count:N0} uploads (group commit)", $"{Stats.Of(versions).Median:N0}", "", "", "", ""));
        var b = Stats.Of(batch);
        context.Add(new Row(Name, $"{spec.Name} over HTTP, batch content API in 8 MB packs", b.Format("MB/s"), $"cp -a {c.Format("MB/s")}", Report.Ratio(b, c), "≥ 0.7× cp",
            Report.Verdict(b.Median >= c.Median * 0.7)));
    }

    private static async Task<ServerProcess> StartAsync(BenchContext context)
    {
        var server = await ServerProcess.StartAsync(context.Repository, context.NewFolder("server"));
        await server.PostJsonAsync("orgs", new { name = "University", slug = "uni" });
        await server.PostJsonAsync("orgs/uni/spaces", new { name = "Course", type = "course" });
        return server;
    }

    /// <summary>What a client of the batch API does: hash every file, ask which contents are missing, send those, one change.</summary>
    private static async Task UploadBatchAsync(ServerProcess server, string source, IReadOnlyList<string> paths)
    {
        var hashes = new string[paths.Count];
        await Parallel.ForAsync(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            await using var file = File.OpenRead(Path.Combine(source, paths[i]));
            hashes[i] = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        });
        using var asked = await server.Client.PostAsJsonAsync($"{State}/contents/missing", new { hashes = hashes.Distinct().ToArray() });
        await EnsureAsync(asked, "POST contents/missing", CancellationToken.None);
        var missing = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("missing").EnumerateArray().Select(h => h.GetString()!).ToHashSet();
        // As the strata command sends them: small contents in packs of up to 8 MB (1,000 at most), large ones alone.
        var firstPath = Enumerable.Range(0, paths.Count).GroupBy(i => hashes[i]).ToDictionary(g => g.Key, g => paths[g.First()]);
        var units = new List<List<(string Hash, string Path, long Size)>>();
        var pack = new List<(string Hash, string Path, long Size)>();
        long packed = 0;
        foreach (var (hash, path, size) in missing.Select(h => (h, firstPath[h], new FileInfo(Path.Combine(source, firstPath[h])).Length)).OrderBy(f => f.Item3))
        {
            if (size >= PackBytes)
            {
                units.Add([(hash, path, size)]);
                continue;
            }
            if (pack.Count > 0 && (packed + size > PackBytes || pack.Count >= 1000))
            {
                units.Add(pack);
                (pack, packed) = ([], 0);
            }
            pack.Add((hash, path, size));
            packed += size;
        }
        if (pack.Count > 0)
            units.Add(pack);
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (unit, ct) =>
        {
            var streams = unit.Select(f => (Stream)File.OpenRead(Path.Combine(source, f.Path))).ToList();
            try
            {
                HttpResponseMessage response;
                if (unit is [var alone] && alone.Size >= PackBytes)
                {
                    response = await server.Client.PutAsync($"{State}/contents/{alone.Hash}", new StreamContent(streams[0], 1 << 16), ct);
                }
                else
                {
                    using var body = new MultipartFormDataContent();
                    foreach (var (file, stream) in unit.Zip(streams))
                        body.Add(new StreamContent(stream, 1 << 16), file.Hash, file.Hash);
                    response = await server.Client.PostAsync($"{State}/contents", body, ct);
                }
                using (response)
                    await EnsureAsync(response, $"sending {unit.Count} contents", ct);
            }
            finally
            {
                foreach (var stream in streams)
                    await stream.DisposeAsync();
            }
        });
        var changes = paths.Select((path, i) => new { op = "put", path, hash = hashes[i] }).ToArray();
        using var applied = await server.Client.PostAsJsonAsync($"{State}/changes", new { changes });
        await EnsureAsync(applied, "POST changes", CancellationToken.None);
    }

    private static async Task<long> VersionAsync(ServerProcess server)
    {
        using var response = await server.Client.GetAsync($"{State}/files");
        await EnsureAsync(response, "GET files", CancellationToken.None);
        return long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    internal static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
