using Microsoft.Extensions.DependencyInjection;
using Strata.Storage.States;

namespace Strata.Core.Tests.Faults;

/// <summary>A simulated crash at one named step of a state change, and the steps to walk.</summary>
internal sealed class Crash(string point) : Exception($"Simulated crash at {point}.")
{
    public static TheoryData<string> Points() => [.. FaultPoints.All];

    /// <summary>The steps of bringing new states into being: there is no swap of an existing pointer.</summary>
    public static TheoryData<string> CreationPoints() => [FaultPoints.TreesWritten, FaultPoints.BeforeCommit, FaultPoints.Committed];

    /// <summary>Makes every later state change of this host throw at <paramref name="point"/>, until the result is disposed.</summary>
    public static IDisposable At(CoreHost host, string point)
    {
        var faults = host.Services.GetRequiredService<FaultPoints>();
        faults.Hook = (at, _) => at == point ? throw new Crash(at) : Task.CompletedTask;
        return new Cleared(faults);
    }

    private sealed class Cleared(FaultPoints faults) : IDisposable
    {
        public void Dispose() => faults.Hook = null;
    }
}
