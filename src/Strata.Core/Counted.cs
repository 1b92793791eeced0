namespace Strata.Core;

/// <summary>"1 file", "3 files": counts in messages people read (never "1 instances").</summary>
public static class Counted
{
    public static string Of(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
