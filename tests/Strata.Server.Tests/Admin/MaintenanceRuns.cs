using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Admin;

/// <summary>Following a maintenance run (an integrity check, a collection) that a background worker runs.</summary>
internal static class MaintenanceRuns
{
    /// <summary>The run at <paramref name="location"/> once it has succeeded or failed (within 30 seconds).</summary>
    public static async Task<JsonElement> FinishedAsync(HttpClient admin, string location)
    {
        for (var i = 0; i < 600; i++)
        {
            var run = await admin.GetFromJsonAsync<JsonElement>(location);
            if (run.GetProperty("status").GetString() is "succeeded" or "failed")
                return run;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{location} did not finish within 30 seconds.");
    }
}
