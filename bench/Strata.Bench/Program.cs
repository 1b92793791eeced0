using System.Diagnostics;
using Strata.Bench.Harness;
using Strata.Bench.Scenarios;

// dotnet run -c Release --project bench/Strata.Bench -- [scenario…] [--quick] [--database sqlite|postgres [--postgres URL]] [--blobs folder|s3 [--s3 URL]]
IScenario[] all =
[
    new SnapshotScenario(),
    new DiffScenario(),
    new DistributeScenario(),
    new CreateInstancesScenario(),
    new IngestScenario(),
    new ServeScenario(),
    new MemoryScenario(),
    new WideScenario(),
    new CostsScenario(),
    new FsckScenario(),
    new GcScenario(),
    new SyncScenario(),
    new AssignmentScenario(),
    new ZipScenario(),
];

var quick = args.Contains("--quick");
var database = Option("--database") ?? "sqlite";
var postgresUrl = Option("--postgres");
var blobs = Option("--blobs") ?? "folder";
var s3Url = Option("--s3");
var names = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--database" or "--postgres" or "--blobs" or "--s3"))).ToList();
if (database is not ("sqlite" or "postgres") || blobs is not ("folder" or "s3"))
{
    Console.Error.WriteLine($"--database takes sqlite or postgres (got \"{database}\"); --blobs takes folder or s3 (got \"{blobs}\").");
    return 2;
}
var unknown = names.Where(n => all.All(s => s.Name != n)).ToList();
if (unknown.Count > 0 || args.Contains("--help"))
{
    Console.Error.WriteLine($"Usage: dotnet run -c Release --project bench/Strata.Bench -- [scenario…] [--quick] [--database sqlite|postgres [--postgres URL]] [--blobs folder|s3 [--s3 URL]]");
    foreach (var scenario in all)
        Console.Error.WriteLine($"  {scenario.Name,-10} {scenario.Description}");
    if (unknown.Count > 0)
        Console.Error.WriteLine($"Unknown scenario: {string.Join(", ", unknown)}");
    return unknown.Count > 0 ? 2 : 0;
}

var repository = FindRepository();
var work = Environment.GetEnvironmentVariable("STRATA_BENCH_DIR") ?? Path.Combine(Path.GetTempPath(), $"strata-bench-{Environment.ProcessId}");
Directory.CreateDirectory(work);
var context = new BenchContext(work, repository, quick);
var cluster = Path.Combine(work, "postgres");
if (database == "postgres")
    BenchDatabase.UsePostgres(postgresUrl ?? Shell.Output(repository, $"tests/tools/postgres/start {cluster} 55499").Trim());
var s3Folder = Path.Combine(work, "s3");
if (blobs == "s3")
    BenchContent.UseS3(s3Url ?? Shell.Output(repository, $"tests/tools/s3/start {s3Folder} 55498").Trim(), startedHere: s3Url is null);
var machine = Machine.Describe(work);
Console.WriteLine($"Strata benchmarks{(quick ? " (--quick)" : "")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"Machine: {machine}");
Console.WriteLine($"Database: {BenchDatabase.Describe}; content: {BenchContent.Describe}");
var watch = Stopwatch.StartNew();
try
{
    foreach (var scenario in all.Where(s => names.Count == 0 || names.Contains(s.Name)))
    {
        Console.WriteLine($"\n## {scenario.Name}: {scenario.Description}");
        await scenario.RunAsync(context);
    }
}
finally
{
    if (database == "postgres" && postgresUrl is null)
        Shell.Run(repository, $"tests/tools/postgres/stop {cluster}");
    if (blobs == "s3" && s3Url is null)
        Shell.Run(repository, $"tests/tools/s3/stop {s3Folder}");
    if (Directory.Exists(work))
        Directory.Delete(work, recursive: true);
}

Console.WriteLine($"\nCommand: dotnet run -c Release --project bench/Strata.Bench -- {string.Join(' ', args)}");
Console.WriteLine($"Machine: {machine}");
Console.WriteLine($"Date: {DateTime.UtcNow:yyyy-MM-dd} · total time {watch.Elapsed:mm\\:ss}\n");
Console.WriteLine(Report.Markdown(context.Rows));
return 0;

string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

static string FindRepository()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Strata.sln")))
            return folder.FullName;
    }
    throw new InvalidOperationException("Run the bench from inside the Strata repository (Strata.sln not found above the binary).");
}
