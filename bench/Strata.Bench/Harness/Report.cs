using System.Text;

namespace Strata.Bench.Harness;

/// <summary>One line of the results table: what was measured, Strata's figure, the baseline's, and the target.</summary>
public sealed record Row(string Scenario, string Case, string Strata, string Baseline, string Ratio, string Target, string Verdict);

public static class Report
{
    public static string Ratio(Stats strata, Stats baseline) =>
        baseline.Median <= 0 ? "" : $"{Stats.Number(strata.Median / baseline.Median)}×";

    public static string Verdict(bool met) => met ? "met" : "**missed**";

    public static string Markdown(IEnumerable<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | case | Strata | baseline | Strata/baseline | target | |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            text.AppendLine($"| {r.Scenario} | {r.Case} | {r.Strata} | {r.Baseline} | {r.Ratio} | {r.Target} | {r.Verdict} |");
        return text.ToString();
    }
}
