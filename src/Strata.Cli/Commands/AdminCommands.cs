using System.CommandLine;
using System.Text.Json;
using Strata.Cli.Remote;

namespace Strata.Cli.Commands;

internal static class AdminCommands
{
    public static Command Admin(CommandContext context)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be reclaimed; delete nothing." };
        var gc = new Command("gc", "Runs a garbage collection and waits for its report.") { dryRun };
        context.Does(gc, (parsed, report, ct) => RunAsync(context, report, "admin/gc", new { dryRun = parsed.GetValue(dryRun) }, run =>
            $"Collection {BrowseCommands.S(run, "status")}: {BrowseCommands.S(run, "objectsMarked")} objects marked; {BrowseCommands.S(run, "blobsDeleted")} files and {BrowseCommands.S(run, "treesDeleted")} folder objects {(parsed.GetValue(dryRun) ? "would go" : "deleted")}, {BrowseCommands.Size(run.GetProperty("bytesReclaimed").GetInt64())}.", ct));
        var fsck = new Command("fsck", "Checks that every reachable object exists and hashes to its id, and waits for the report.");
        context.Does(fsck, (_, report, ct) => RunAsync(context, report, "admin/fsck", new { }, run =>
            $"Integrity check {BrowseCommands.S(run, "status")}: {BrowseCommands.S(run, "objectsChecked")} objects checked, {run.GetProperty("missing").GetArrayLength()} missing, {run.GetProperty("corrupt").GetArrayLength()} corrupt.", ct));
        return new Command("admin", "Storage maintenance (platform administrators).") { gc, fsck };
    }

    private static async Task<int> RunAsync(CommandContext context, Reporter report, string path, object body, Func<JsonElement, string> describe, CancellationToken ct)
    {
        using var client = context.Connect();
        var run = await client.SendAsync<JsonElement>(HttpMethod.Post, path, body, ct);
        var id = run.GetProperty("id").GetString();
        while (BrowseCommands.S(run, "status") is "queued" or "running")
        {
            await Task.Delay(500, ct);
            run = await client.GetAsync<JsonElement>($"{path}/{id}", ct);
        }
        report.Result(run, r => r.Line(describe(run)));
        if (BrowseCommands.S(run, "status") == "failed")
        {
            await context.Env.Error.WriteLineAsync(BrowseCommands.S(run, "error"));
            return 1;
        }
        return 0;
    }
}
