using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Strata.Bench.Harness;

namespace Strata.Bench.Scenarios;

/// <summary>
/// An assignment for 1,000 students on a real server process (issue: assignments): the hand-out of hw1/ (three small
/// files and a 1 MB data file) from a snapshot of Master, 30% of the students editing a file and handing in, the
/// collection of the missing ones, the submissions list (API and page), grading everyone, the hand-back.
/// Targets: collection of 1,000 under 2 s with 0 content bytes written; the submissions page of 1,000 rows under 1 s;
/// hand-back to 1,000 under 10 s. Baseline in the same run, beside collection and hand-back: what a copy-based platform
/// does, `cp -a` of hw1/ into a folder per missing student, and of grade.md and a feedback file into each student's
/// feedback/HW1/, on the same disk as the server's data.
/// </summary>
public sealed partial class AssignmentScenario : IScenario
{
    private const string Space = "orgs/uni/spaces/course";
    private static readonly string[] HandedOut = ["hw1"];

    public string Name => "assignment";

    public string Description => "1,000 students: hand-out, hand-ins, collection, submissions (API and page), grading, hand-back";

    public async Task RunAsync(BenchContext context)
    {
        var students = context.Quick ? 50 : 1_000;
        var handingIn = students * 3 / 10;
        await using var server = await ServerProcess.StartAsync(context.Repository, context.NewFolder("server"));
        await server.PostJsonAsync("orgs", new { name = "University", slug = "uni" });
        await server.PostJsonAsync("orgs/uni/spaces", new { name = "Course", type = "course" });
        var emails = Enumerable.Range(0, students).Select(i => $"student{i:D4}@bench.example").ToArray();
        var watch = Stopwatch.StartNew();
        var created = await server.PostJsonAsync($"{Space}/instances", new { mode = "separate", emails });
        var slugs = created.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!).ToList();
        if (slugs.Count != students)
            throw new InvalidOperationException($"{slugs.Count} instances were created instead of {students}.");
        Console.WriteLine($"  {students:N0} instances created in {watch.Elapsed.TotalSeconds:0.0} s");

        var random = new Random(11);
        var data = new byte[1 << 20];
        random.NextBytes(data);
        var files = new (string Path, byte[] Bytes)[]
        {
            ("hw1/README.md", "# Homework 1\n\nSolve the exercises in exercise.py and write your answers in answer.txt.\n"u8.ToArray()),
            ("hw1/exercise.py", "def solve(x):\n    raise NotImplementedError\n"u8.ToArray()),
            ("hw1/answer.txt", "Your answer here.\n"u8.ToArray()),
            ("hw1/data.bin", data),
        };
        foreach (var (path, bytes) in files)
            await PutAsync(server, "master", path, bytes);
        // The copy baseline's sources, written once beside the server's data folder (same disk): hw1/ as handed out,
        // and what a copy-based hand-back gives each student.
        var copies = context.NewFolder("copies");
        foreach (var (path, bytes) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copies, path))!);
            File.WriteAllBytes(Path.Combine(copies, path), bytes);
        }
        File.WriteAllText(Path.Combine(copies, "grade.md"), "# Homework 1\n\n**Grade:** 17/20\n\nWell structured; check the edge cases.\n");
        File.WriteAllText(Path.Combine(copies, "feedback.md"),
            "Exercise 1: correct.\nExercise 2: the loop misses the empty input; add a test for it.\nExercise 3: correct, but explain the bound.\n");
        var snapshot = (await server.PostJsonAsync($"{Space}/instances/master/snapshots", new { })).GetProperty("id").GetString();

        // Hand-out: the assignment's distribution, from the request to its last target.
        var (blobs, trees, database) = Measure(server);
        watch.Restart();
        var assignment = await server.PostJsonAsync($"{Space}/assignments", new
        {
            name = "Homework 1",
            source = new { instance = "master", state = snapshot, paths = HandedOut },
            targets = new { all = true },
            dueAt = DateTimeOffset.Now.AddDays(7).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        });
        var id = assignment.GetProperty("id").GetString()!;
        var handout = await FinishAsync(server, assignment.GetProperty("handout").GetString()!);
        var handoutTime = Stats.Once(watch.Elapsed.TotalMilliseconds / 1000);
        if (handout != "succeeded")
            throw new InvalidOperationException($"The hand-out ended {handout}.");
        var afterHandout = Measure(server);
        context.Add(new Row(Name, $"hand-out of hw1/ (4 files, 1 MB) to {students:N0} instances", handoutTime.Format("s"),
            $"blobs +{DataSpec.Size(afterHandout.Blobs.Bytes - blobs.Bytes)}, trees +{afterHandout.Trees.Count - trees.Count} objects, database +{DataSpec.Size(afterHandout.Database - database)}",
            "", "", ""));

        // 30% edit their answer and hand in before the deadline.
        var handers = slugs.Take(handingIn).ToList();
        watch.Restart();
        await Parallel.ForEachAsync(handers, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (slug, ct) =>
        {
            await PutAsync(server, slug, "hw1/answer.txt", System.Text.Encoding.UTF8.GetBytes($"{slug}'s answer: 42\n"));
            await server.PostJsonAsync($"{Space}/assignments/{id}/handins", new { instance = slug });
        });
        var handIns = Stats.Once(watch.Elapsed.TotalMilliseconds / handers.Count);
        context.Add(new Row(Name, $"{handers.Count:N0} students edit a file and hand in (4 at a time)", $"{handIns.Format("ms")} per edit + hand-in",
            $"{watch.Elapsed.TotalSeconds:0.0} s in all", "", "", ""));

        // Collection of the rest: no file is copied, each hand-in is a snapshot over the state's own objects.
        (blobs, trees, database) = Measure(server);
        watch.Restart();
        var collected = (await server.PostJsonAsync($"{Space}/assignments/{id}/collect", new { })).GetProperty("collected").GetInt32();
        var collection = watch.Elapsed.TotalMilliseconds / 1000;
        var after = Measure(server);
        if (collected != students - handers.Count)
            throw new InvalidOperationException($"{collected} instances were collected instead of {students - handers.Count}.");
        var perThousand = Stats.Once(collection / collected * 1000);
        var blobsAdded = after.Blobs.Bytes - blobs.Bytes;
        var missing = slugs.Skip(handers.Count).ToList();
        var copyCollect = CopyPerStudent(copies, missing, "collect/$s", "cp -a hw1");
        context.Add(new Row(Name, $"collect {collected:N0} missing hand-ins", $"{Stats.Once(collection).Format("s")} (per 1,000: {perThousand.Format("s")})",
            $"cp -a of hw1/ ×{missing.Count:N0} {copyCollect.Time.Format("s")}", Report.Ratio(Stats.Once(collection), copyCollect.Time),
            "< 2 s per 1,000", Report.Verdict(perThousand.Median < 2)));
        context.Add(new Row(Name, "… bytes written by the collection",
            $"content (blobs) +{after.Blobs.Count - blobs.Count} objects, +{DataSpec.Size(blobsAdded)}; metadata: trees +{after.Trees.Count - trees.Count} objects (+{DataSpec.Size(after.Trees.Bytes - trees.Bytes)}), database +{DataSpec.Size(after.Database - database)}",
            $"cp -a: content +{DataSpec.Size(copyCollect.Bytes)} ({copyCollect.Files:N0} files)", "", "0 content bytes", Report.Verdict(blobsAdded == 0)));

        // The submissions list: the API (JSON) and the page (HTML), warm; the first call of each shown apart.
        var (firstApi, api, _, rows) = await WarmCalls.TimeAsync(context.Runs * 2, async () =>
        {
            using var response = await server.Client.GetAsync($"api/v1/{Space}/assignments/{id}/submissions");
            response.EnsureSuccessStatusCode();
            var list = await response.Content.ReadFromJsonAsync<JsonElement>();
            return list.GetArrayLength();
        });
        if (rows != students)
            throw new InvalidOperationException($"The submissions list has {rows} rows instead of {students}.");
        context.Add(new Row(Name, $"submissions list, API ({rows:N0} rows)", api.Format("ms"), $"first call {Stats.Number(firstApi)} ms", "", "", ""));
        await PageAsync(context, server, id, students);

        // Grading everyone, then the hand-back of grade.md to each, from the request to its last target.
        watch.Restart();
        await Parallel.ForEachAsync(slugs.Select((slug, i) => (slug, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (target, ct) =>
        {
            using var response = await server.Client.PutAsJsonAsync($"api/v1/{Space}/assignments/{id}/submissions/{target.slug}/grade",
                new { grade = $"{10 + target.i % 11}/20", comment = "Well structured; check the edge cases." }, ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"PUT grade of {target.slug}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        });
        var grading = Stats.Once(watch.Elapsed.TotalMilliseconds / 1000);
        context.Add(new Row(Name, $"grade {students:N0} submissions (4 requests at a time)", grading.Format("s"),
            $"{Stats.Number(watch.Elapsed.TotalMilliseconds / students)} ms per grade", "", "", ""));

        (blobs, trees, database) = Measure(server);
        watch.Restart();
        string job;
        using (var response = await server.Client.PostAsJsonAsync($"api/v1/{Space}/assignments/{id}/return", new { }))
        {
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"POST return: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            job = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        var handBack = await FinishAsync(server, job);
        var handBackTime = Stats.Once(watch.Elapsed.TotalMilliseconds / 1000);
        after = Measure(server);
        using (var check = await server.Client.GetAsync($"api/v1/{Space}/instances/{slugs[^1]}/states/current/files/feedback/{Uri.EscapeDataString("Homework 1")}/grade.md"))
        {
            if (check.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{slugs[^1]} has no feedback/Homework 1/grade.md after the hand-back ({(int)check.StatusCode}).");
        }
        var perThousandBack = handBackTime.Median / students * 1000;
        var copyBack = CopyPerStudent(copies, slugs, "handback/$s/feedback/HW1", "cp -a grade.md feedback.md");
        context.Add(new Row(Name, $"hand-back to {students:N0} instances (grade.md each, auto snapshot first)",
            $"{handBackTime.Format("s")}, {handBack}{(students == 1_000 ? "" : $" (per 1,000: {Stats.Number(perThousandBack)} s)")}",
            $"cp -a of grade.md + feedback.md ×{students:N0} {copyBack.Time.Format("s")}", Report.Ratio(handBackTime, copyBack.Time),
            "< 10 s per 1,000", Report.Verdict(handBack == "succeeded" && perThousandBack < 10)));
        context.Add(new Row(Name, "… bytes written by the hand-back",
            $"blobs +{after.Blobs.Count - blobs.Count} objects (+{DataSpec.Size(after.Blobs.Bytes - blobs.Bytes)}); trees +{after.Trees.Count - trees.Count} objects (+{DataSpec.Size(after.Trees.Bytes - trees.Bytes)}), database +{DataSpec.Size(after.Database - database)}",
            $"cp -a: content +{DataSpec.Size(copyBack.Bytes)} ({copyBack.Files:N0} files)", "", "", ""));
        Directory.Delete(copies, recursive: true);
    }

    /// <summary>
    /// The copy baseline: for each student, `mkdir -p` of <paramref name="target"/> (with <c>$s</c> the student) and
    /// <paramref name="copy"/> into it, one bash loop, then `sync` so the bytes are on disk as the server's are. The
    /// folder's pending writes are flushed before the clock starts; the copies are deleted after they are counted.
    /// Its time in seconds, and the content bytes and files it wrote.
    /// </summary>
    private static (Stats Time, long Bytes, int Files) CopyPerStudent(string folder, IReadOnlyList<string> students, string target, string copy)
    {
        var list = Path.Combine(folder, "students.txt");
        File.WriteAllLines(list, students);
        var output = Path.Combine(folder, target.Split('/')[0]);
        Shell.Run(folder, "sync");
        var ms = Shell.Time(folder, $"while IFS= read -r s; do mkdir -p \"{target}\" && {copy} \"{target}/\"; done < students.txt && sync");
        var written = new DirectoryInfo(output).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        Directory.Delete(output, recursive: true);
        File.Delete(list);
        return (Stats.Once(ms / 1000), written.Sum(f => f.Length), written.Count);
    }

    /// <summary>The assignment's page, as a signed-in browser asks for it (cookie session); wall time on localhost stands for server time.</summary>
    private async Task PageAsync(BenchContext context, ServerProcess server, string id, int students)
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var signIn = await browser.GetStringAsync("signin");
        var token = FormToken().Match(signIn) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("The sign-in page has no anti-forgery input.");
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["Email"] = "admin@bench.example",
                   ["Password"] = "bench password",
                   ["__RequestVerificationToken"] = token,
               }))
        {
            using var response = await browser.PostAsync("signin", form);
            if (!response.IsSuccessStatusCode || cookies.GetCookies(server.BaseAddress)["strata_session"] is null)
                throw new InvalidOperationException($"Signing in a browser session failed: {(int)response.StatusCode}.");
        }

        var page = $"{Space}/assignments/{id}";
        using (var probe = await browser.GetAsync(page))
        {
            if (probe.StatusCode == HttpStatusCode.NotFound)
            {
                context.Add(new Row(Name, $"submissions page ({students:N0} rows)", "page: not built yet (404)", "", "", "< 1 s", ""));
                return;
            }
            if (probe.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"GET /{page}: {(int)probe.StatusCode} {await probe.Content.ReadAsStringAsync()}");
        }
        var (first, timed, _, size) = await WarmCalls.TimeAsync(context.Runs * 2, async () =>
        {
            using var response = await browser.GetAsync(page);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadAsByteArrayAsync()).Length;
        });
        context.Add(new Row(Name, $"submissions page ({students:N0} rows, {DataSpec.Size(size)} of HTML)", timed.Format("ms"),
            $"first call {Stats.Number(first)} ms", "", "< 1 s", Report.Verdict(timed.Median < 1000)));
    }

    /// <summary>Polls a distribution job (a hand-out or a hand-back) until it is neither queued nor running; its final status.</summary>
    private static async Task<string> FinishAsync(ServerProcess server, string job)
    {
        while (true)
        {
            var status = (await server.Client.GetFromJsonAsync<JsonElement>($"api/v1/{Space}/distributions/{job}")).GetProperty("status").GetString()!;
            if (status is not ("queued" or "running"))
                return status;
            await Task.Delay(50);
        }
    }

    private static async Task PutAsync(ServerProcess server, string instance, string path, byte[] bytes)
    {
        using var response = await server.Client.PutAsync($"api/v1/{Space}/instances/{instance}/states/current/files/{IngestScenario.Escape(path)}", new ByteArrayContent(bytes));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {instance}/{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Objects and bytes of the content store's blobs (file bytes) and trees (folder objects), and the database's size.</summary>
    private static ((long Count, long Bytes) Blobs, (long Count, long Bytes) Trees, long Database) Measure(ServerProcess server) =>
        (BenchContent.Measure(server.ContentLocation, "blobs"), BenchContent.Measure(server.ContentLocation, "trees"),
            BenchDatabase.SizeBytes(server.DatabaseConnection ?? "", server.DataFolder));

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)""")]
    private static partial Regex FormToken();
}
