using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Strata.Bench.Harness;
using Strata.Core.States;

namespace Strata.Bench.Scenarios;

/// <summary>
/// Zip downloads and big folders on a real server process (issue 19, items 3–4). A zip of 64 binaries of 16 MB of random
/// bytes (1 GB; `--quick`: 8), streamed and discarded, against `tar -cf -` and `zip -0 -r` of the same files in the same
/// run; the archive checked once (every entry stored); a zip of 200 text files of 1 MB, which must still be deflated.
/// A folder of 10,000 files listed through the API and shown on the instance page (a signed-in cookie session), against
/// `ls -l` of a local folder of 10,000 files. Targets: the binaries' zip at ≥ 150 MB/s; the listing under 50 ms.
/// </summary>
public sealed partial class ZipScenario : IScenario
{
    private const string Space = "orgs/uni/spaces/course";
    private const int BinaryBytes = 16 << 20;
    private const int TextBytes = 1 << 20;
    private const int BigFolder = 10_000;

    public string Name => "zip";

    public string Description => "zip downloads of binaries and big-folder listings";

    public async Task RunAsync(BenchContext context)
    {
        await using var server = await ServerProcess.StartAsync(context.Repository, context.NewFolder("server"));
        await server.PostJsonAsync("orgs", new { name = "University", slug = "uni" });
        await server.PostJsonAsync("orgs/uni/spaces", new { name = "Course", type = "course" });
        await BinariesAsync(context, server, await CreateAsync(server, "binaries"));
        await TextAsync(context, server, await CreateAsync(server, "text"));
        await BigFolderAsync(context, server, await CreateAsync(server, "big"));
    }

    /// <summary>64 (quick: 8) files of 16 MB of random bytes: the zip through the API against tar and zip -0 of the folder.</summary>
    private async Task BinariesAsync(BenchContext context, ServerProcess server, string instance)
    {
        var count = context.Quick ? 8 : 64;
        var source = context.NewFolder("binaries");
        var random = new Random(19);
        var buffer = new byte[1 << 20];
        var files = new List<(string Path, string Hash)>();
        for (var i = 0; i < count; i++)
        {
            var path = $"data/blob{i:D2}.bin";
            Directory.CreateDirectory(Path.Combine(source, "data"));
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var stream = new FileStream(Path.Combine(source, path), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                for (var left = BinaryBytes; left > 0; left -= buffer.Length)
                {
                    random.NextBytes(buffer);
                    hash.AppendData(buffer);
                    await stream.WriteAsync(buffer);
                }
            }
            files.Add((path, Convert.ToHexStringLower(hash.GetHashAndReset())));
        }
        long bytes = (long)count * BinaryBytes;
        var watch = Stopwatch.StartNew();
        await UploadAsync(server, instance, source, files);
        Console.WriteLine($"  {count} binaries ({DataSpec.Size(bytes)}) uploaded through the batch content API in {watch.Elapsed.TotalSeconds:0.0} s");

        // Once, untimed (it also warms up the server): the archive into a file, opened and checked entry by entry.
        var zip = $"api/v1/{Space}/instances/{instance}/states/current/zip";
        var saved = Path.Combine(context.NewFolder("download"), "binaries.zip");
        await using (var file = File.Create(saved))
            await DrainAsync(server.Client, zip, file);
        var (entries, stored, length) = Check(saved);
        var archiveBytes = new FileInfo(saved).Length;
        File.Delete(saved);
        context.Add(new Row(Name, $"… archive of the {count} binaries, opened with System.IO.Compression",
            $"{entries} entries, {stored} stored (CompressedLength == Length), {DataSpec.Size(length)} in entries, archive {DataSpec.Size(archiveBytes)}",
            "", $"{(double)archiveBytes / bytes:0.0000}× the files", $"{count} entries, all stored", Report.Verdict(entries == count && stored == count && length == bytes)));

        var rates = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            watch.Restart();
            var received = await DrainAsync(server.Client, zip);
            rates.Add(bytes / watch.Elapsed.TotalSeconds / (1 << 20));
            if (received != archiveBytes)
                throw new InvalidOperationException($"The zip was {received} bytes, {archiveBytes} the first time.");
        }
        var strata = Stats.Of(rates);
        var tar = Stats.Of([.. Enumerable.Range(0, 3).Select(_ => bytes / (Shell.Time(source, "tar -cf - data | cat > /dev/null") / 1000) / (1 << 20))]);
        var zip0 = Shell.Has("zip")
            ? Stats.Of([.. Enumerable.Range(0, 3).Select(_ => bytes / (Shell.Time(source, "zip -0 -r -q - data | cat > /dev/null") / 1000) / (1 << 20))])
            : null;
        context.Add(new Row(Name, $"GET …/zip of {count} binaries of 16 MB ({DataSpec.Size(bytes)} of random bytes), read to the end",
            $"{strata.Format("MB/s")} ({bytes / strata.Median / (1 << 20):0.0} s)",
            $"tar -cf - {tar.Format("MB/s")}; {(zip0 is null ? "zip -0: not installed, skipped" : $"zip -0 -r {zip0.Format("MB/s")}")}",
            $"{Report.Ratio(strata, tar)} tar{(zip0 is null ? "" : $", {Report.Ratio(strata, zip0)} zip -0")}", "≥ 150 MB/s", Report.Verdict(strata.Median >= 150)));

        // Where the time goes: the server's blob files read alone, and the zip of the same files without HTTP (in this process).
        var blobs = Path.Combine(server.ContentLocation, "blobs");
        var cat = Stats.Of([.. Enumerable.Range(0, 3).Select(_ => bytes / (Shell.Time(blobs, "find . -type f -size +1M -exec cat {} + | cat > /dev/null") / 1000) / (1 << 20))]);
        var local = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            watch.Restart();
            await ZipLocallyAsync(source, files.Select(f => f.Path));
            local.Add(bytes / watch.Elapsed.TotalSeconds / (1 << 20));
        }
        var inProcess = Stats.Of(local);
        context.Add(new Row(Name, "… where it goes: the server's blob files read by cat (piped to cat); ZipArchive (stored entries) of the local files into a non-seekable sink, in the bench process (no HTTP)",
            $"blobs: {cat.Format("MB/s")}; ZipArchive: {inProcess.Format("MB/s")}", "", "", "", ""));
        Directory.Delete(source, recursive: true);
    }

    /// <summary>200 (quick: 50) CSV files of 1 MB: zipped through the API, which must still deflate them, beside zip -1 (deflate, fastest).</summary>
    private async Task TextAsync(BenchContext context, ServerProcess server, string instance)
    {
        var count = context.Quick ? 50 : 200;
        var source = context.NewFolder("text");
        Directory.CreateDirectory(Path.Combine(source, "tables"));
        var files = new List<(string Path, string Hash)>();
        for (var i = 0; i < count; i++)
        {
            var path = $"tables/marks{i:D3}.csv";
            var text = Csv(new Random(i), TextBytes);
            await File.WriteAllBytesAsync(Path.Combine(source, path), text);
            files.Add((path, Convert.ToHexStringLower(SHA256.HashData(text))));
        }
        long bytes = (long)count * TextBytes;
        await UploadAsync(server, instance, source, files);
        var zip = $"api/v1/{Space}/instances/{instance}/states/current/zip";
        var size = await DrainAsync(server.Client, zip);
        var rates = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            size = await DrainAsync(server.Client, zip);
            rates.Add(bytes / watch.Elapsed.TotalSeconds / (1 << 20));
        }
        var strata = Stats.Of(rates);
        var ratio = (double)size / bytes;
        var baseline = "zip: not installed, skipped";
        var relative = "";
        if (Shell.Has("zip"))
        {
            var zip1 = Stats.Of([.. Enumerable.Range(0, 3).Select(_ => bytes / (Shell.Time(source, "zip -1 -r -q - tables | cat > /dev/null") / 1000) / (1 << 20))]);
            var zip1Size = long.Parse(Shell.Output(source, "zip -1 -r -q - tables | wc -c").Trim(), CultureInfo.InvariantCulture);
            baseline = $"zip -1 -r {zip1.Format("MB/s")}, size {(double)zip1Size / bytes:0.000}× the files";
            relative = Report.Ratio(strata, zip1) + " zip -1";
        }
        context.Add(new Row(Name, $"GET …/zip of {count} CSV files of 1 MB ({DataSpec.Size(bytes)} of text)",
            $"{strata.Format("MB/s")}, size {ratio:0.000}× the files", baseline, relative, "deflated: zip < 0.5× the files", Report.Verdict(ratio < 0.5)));
        Directory.Delete(source, recursive: true);
    }

    /// <summary>A folder of 10,000 files (one content): the API listing and the instance page, against ls -l of 10,000 local files.</summary>
    private async Task BigFolderAsync(BenchContext context, ServerProcess server, string instance)
    {
        var content = "a small file, the same in every entry of the big folder\n"u8.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var state = $"api/v1/{Space}/instances/{instance}/states/current";
        using (var response = await server.Client.PutAsync($"{state}/contents/{hash}", new ByteArrayContent(content)))
        {
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"PUT contents/{hash}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var names = Enumerable.Range(0, BigFolder).Select(i => $"f{i:D5}.txt").ToArray();
        var watch = Stopwatch.StartNew();
        await ChangesAsync(server, state, [.. names.Select(n => ($"big/{n}", hash))]);
        Console.WriteLine($"  {BigFolder:N0} puts into big/ applied in one /changes request in {watch.Elapsed.TotalSeconds:0.00} s");

        // Timed: the request and its body's bytes (what the server costs); the entries are counted once, apart.
        using (var check = await server.Client.GetAsync($"{state}/files/big"))
        {
            check.EnsureSuccessStatusCode();
            var listed = (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries").GetArrayLength();
            if (listed != BigFolder)
                throw new InvalidOperationException($"The listing of big/ has {listed} entries instead of {BigFolder}.");
        }
        var (firstApi, api, p95, size) = await WarmCalls.TimeAsync(20, () => BodyAsync(server.Client, $"{state}/files/big"));
        var (_, small, smallP95, _) = await WarmCalls.TimeAsync(20, () => BodyAsync(server.Client, $"{state}/files"));
        var views = Enumerable.Range(0, BigFolder).Select(i => new FileEntryView(names[i], "file", content.Length, hash, DateTimeOffset.UtcNow, "new")).ToList();
        var json = Stats.Of([.. Enumerable.Range(0, 20).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            JsonSerializer.SerializeToUtf8Bytes(new FolderView("big", views), JsonSerializerOptions.Web);
            return clock.Elapsed.TotalMilliseconds;
        })]);

        var local = context.NewFolder("ls");
        Directory.CreateDirectory(Path.Combine(local, "big"));
        foreach (var name in names)
            await File.WriteAllBytesAsync(Path.Combine(local, "big", name), content);
        Shell.Run(local, "ls -l big > /dev/null");
        var ls = Stats.Of([.. Enumerable.Range(0, 5).Select(_ =>
            long.Parse(Shell.Output(local, "s=$(date +%s%N); ls -l big > /dev/null; e=$(date +%s%N); echo $((e - s))").Trim(), CultureInfo.InvariantCulture) / 1e6)]);
        context.Add(new Row(Name, $"GET …/files/big, a folder of {BigFolder:N0} files (20 warm calls)",
            $"{api.Format("ms")}, p95 {Stats.Number(p95)} ms; first call {Stats.Number(firstApi)} ms",
            $"ls -l of {BigFolder:N0} local files {ls.Format("ms")}", Report.Ratio(api, ls) + " ls", "median < 50 ms", Report.Verdict(api.Median < 50)));
        context.Add(new Row(Name, $"… where it goes: the same request for the instance's root (1 entry); {BigFolder:N0} entries as JSON ({DataSpec.Size(size)}) serialized in the bench process",
            $"root: {small.Format("ms")}, p95 {Stats.Number(smallP95)} ms; JSON: {json.Format("ms")}", "", "", "", ""));

        using var browser = await SignInAsync(server);
        var (_, rootPage, _, _) = await WarmCalls.TimeAsync(10, async () =>
        {
            using var response = await browser.GetAsync($"{Space}/instances/{instance}");
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadAsByteArrayAsync()).Length;
        });
        var page = $"{Space}/instances/{instance}?path=big";
        var html = "";
        var (firstPage, timed, _, _) = await WarmCalls.TimeAsync(10, async () =>
        {
            using var response = await browser.GetAsync(page);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"GET /{page}: {(int)response.StatusCode}");
            html = await response.Content.ReadAsStringAsync();
            return html.Length;
        });
        var shown = EntryName().Matches(html).Select(m => m.Value).Distinct().Count();
        var forms = html.Split("<form").Length - 1;
        context.Add(new Row(Name, $"instance page ?path=big, cookie session (10 warm calls; {shown:N0} of {BigFolder:N0} names on the page, {DataSpec.Size(Encoding.UTF8.GetByteCount(html))} of HTML, {forms:N0} forms)",
            $"{timed.Format("ms")}; first call {Stats.Number(firstPage)} ms", $"the instance's root page (1 entry) {rootPage.Format("ms")}", "", "", ""));
        Directory.Delete(local, recursive: true);
    }

    private static async Task<string> CreateAsync(ServerProcess server, string name) =>
        (await server.PostJsonAsync($"{Space}/instances", new { mode = "single", name })).GetProperty("instances")[0].GetProperty("slug").GetString()!;

    /// <summary>Each distinct content once by PUT …/contents/{sha256} (4 at a time), then one /changes putting every path.</summary>
    private static async Task UploadAsync(ServerProcess server, string instance, string folder, IReadOnlyList<(string Path, string Hash)> files)
    {
        var state = $"api/v1/{Space}/instances/{instance}/states/current";
        await Parallel.ForEachAsync(files.DistinctBy(f => f.Hash), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (file, ct) =>
        {
            await using var stream = new FileStream(Path.Combine(folder, file.Path), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            using var content = new StreamContent(stream, 1 << 16);
            using var response = await server.Client.PutAsync($"{state}/contents/{file.Hash}", content, ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"PUT contents/{file.Hash} ({file.Path}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        });
        await ChangesAsync(server, state, files);
    }

    /// <summary>One /changes request of puts, conditional on the state's version (the ETag of its root listing).</summary>
    private static async Task ChangesAsync(ServerProcess server, string state, IReadOnlyList<(string Path, string Hash)> puts)
    {
        long version;
        using (var root = await server.Client.GetAsync($"{state}/files"))
        {
            root.EnsureSuccessStatusCode();
            version = long.Parse(root.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{state}/changes")
        {
            Content = JsonContent.Create(new { changes = puts.Select(p => new { op = "put", path = p.Path, hash = p.Hash }).ToArray() }),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version.ToString(CultureInfo.InvariantCulture)}\""));
        using var response = await server.Client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST changes: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Reads a response to its end, streamed (into <paramref name="copy"/> when given); the bytes it carried.</summary>
    private static async Task<long> DrainAsync(HttpClient client, string url, Stream? copy = null)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
            if (copy is not null)
                await copy.WriteAsync(buffer.AsMemory(0, read));
        }
        return total;
    }

    /// <summary>GETs a response whole, unparsed; its length.</summary>
    private static async Task<int> BodyAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    /// <summary>Entries of a zip file, how many are stored (compressed length equal to the length), and the bytes they hold.</summary>
    private static (int Entries, int Stored, long Bytes) Check(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var files = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        return (files.Count, files.Count(e => e.CompressedLength == e.Length), files.Sum(e => e.Length));
    }

    /// <summary>What the server's zip does without HTTP: stored entries (CRC-32 and headers) into a sink that cannot seek.</summary>
    private static async Task ZipLocallyAsync(string folder, IEnumerable<string> paths)
    {
        await using var sink = new Sink();
        await using var archive = await ZipArchive.CreateAsync(sink, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null);
        foreach (var path in paths)
        {
            await using var source = new FileStream(Path.Combine(folder, path), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using var target = await archive.CreateEntry(path, CompressionLevel.NoCompression).OpenAsync();
            await source.CopyToAsync(target);
        }
    }

    /// <summary>CSV lines of marks, as a gradebook export: repetitive text that deflates well. Exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Csv(Random random, int size)
    {
        var text = new StringBuilder(size + 128);
        text.Append("student,email,exercise,score,submitted,status\n");
        while (text.Length < size)
        {
            var student = random.Next(100_000);
            text.Append(CultureInfo.InvariantCulture,
                $"student{student:D5},student{student:D5}@uni.example,exercise{random.Next(1, 13):D2},{random.Next(0, 101)}.{random.Next(10)},2026-11-{random.Next(1, 31):D2}T{random.Next(24):D2}:{random.Next(60):D2}:00Z,{(random.Next(5) == 0 ? "late" : "on time")}\n");
        }
        text.Length = size;
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A browser's cookie session, signed in through the sign-in form as the administrator.</summary>
    private static async Task<HttpClient> SignInAsync(ServerProcess server)
    {
        var cookies = new CookieContainer();
        var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var signIn = await browser.GetStringAsync("signin");
        var token = FormToken().Match(signIn) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("The sign-in page has no anti-forgery input.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "admin@bench.example",
            ["Password"] = "bench password",
            ["__RequestVerificationToken"] = token,
        });
        using var response = await browser.PostAsync("signin", form);
        if (!response.IsSuccessStatusCode || cookies.GetCookies(server.BaseAddress)["strata_session"] is null)
            throw new InvalidOperationException($"Signing in a browser session failed: {(int)response.StatusCode}.");
        return browser;
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)""")]
    private static partial Regex FormToken();

    [GeneratedRegex(@"f\d{5}\.txt")]
    private static partial Regex EntryName();

    /// <summary>A write-only stream that keeps nothing and cannot seek, as the response body the server's zip goes into.</summary>
    private sealed class Sink : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            length += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
