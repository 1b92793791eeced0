using System.Globalization;

namespace Strata.Bench.Harness;

/// <summary>Median and range of repeated measurements.</summary>
public sealed record Stats(double Median, double Min, double Max, int Runs)
{
    public static Stats Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new Stats(median, sorted[0], sorted[^1], sorted.Length);
    }

    public static Stats Once(double value) => new(value, value, value, 1);

    /// <summary>"12.3 ms (11.9–13.0)" in the unit given.</summary>
    public string Format(string unit) => Runs == 1
        ? $"{Number(Median)} {unit}"
        : $"{Number(Median)} {unit} ({Number(Min)}–{Number(Max)})";

    public static string Number(double value) => value switch
    {
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
