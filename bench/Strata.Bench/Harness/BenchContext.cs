namespace Strata.Bench.Harness;

/// <summary>What every scenario gets: where to work, how thorough to be, and where results go.</summary>
public sealed class BenchContext(string workFolder, string repository, bool quick)
{
    private readonly Dictionary<DataSpec, (string Folder, IReadOnlyList<string> Paths)> dataSets = [];

    public string WorkFolder { get; } = workFolder;

    public string Repository { get; } = repository;

    public bool Quick { get; } = quick;

    /// <summary>Repetitions of each timed step (median and range are reported).</summary>
    public int Runs => Quick ? 3 : 5;

    public List<Row> Rows { get; } = [];

    public void Add(Row row)
    {
        Rows.Add(row);
        Console.WriteLine($"  {row.Scenario} | {row.Case} | Strata {row.Strata} | baseline {row.Baseline} | {row.Ratio} | {row.Target} {row.Verdict}");
    }

    public string NewFolder(string name)
    {
        var folder = Path.Combine(WorkFolder, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The data set on disk, written once per run and shared by the scenarios that need it.</summary>
    public (string Folder, IReadOnlyList<string> Paths) Data(DataSpec spec)
    {
        if (!dataSets.TryGetValue(spec, out var data))
        {
            var folder = NewFolder($"data{spec.Files}");
            Console.WriteLine($"  generating {spec.Name} in {folder}");
            data = (folder, DataSet.Write(folder, spec));
            dataSets[spec] = data;
        }
        return data;
    }
}

/// <summary>One benchmark scenario: measures Strata and its baselines on the same data in the same run.</summary>
public interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchContext context);
}
