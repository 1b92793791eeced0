using System.Diagnostics;
using Strata.Bench.Harness;
using Strata.Bench.Scenarios;

// dotnet run -c Release --project bench/Strata.Bench -- [scenario…] [--quick]
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
];

var quick = args.Contains("--quick");
var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
var unknown = names.Where(n => all.All(s => s.Name != n)).ToList();
if (unknown.Count > 0 || args.Contains("--help"))
{
    Console.Error.WriteLine($"Usage: dotnet run -c Release --project bench/Strata.Bench -- [scenario…] [--quick]");
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
var machine = Machine.Describe(work);
Console.WriteLine($"Strata benchmarks{(quick ? " (--quick)" : "")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"Machine: {machine}");
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
    Directory.Delete(work, recursive: true);
}

Console.WriteLine($"\nCommand: dotnet run -c Release --project bench/Strata.Bench -- {string.Join(' ', args)}");
Console.WriteLine($"Machine: {machine}");
Console.WriteLine($"Date: {DateTime.UtcNow:yyyy-MM-dd} · total time {watch.Elapsed:mm\\:ss}\n");
Console.WriteLine(Report.Markdown(context.Rows));
return 0;

static string FindRepository()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Strata.sln")))
            return folder.FullName;
    }
    throw new InvalidOperationException("Run the bench from inside the Strata repository (Strata.sln not found above the binary).");
}
