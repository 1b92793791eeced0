using System.CommandLine;
using System.Text.Json;
using Strata.Cli.Remote;

namespace Strata.Cli.Commands;

internal static class SnapshotCommands
{
    public static Command Snapshot(CommandContext context)
    {
        var instance = new Argument<string>("instance") { Description = "org/space/instance" };
        var name = new Option<string?>("--name") { Description = "Its name (none and no description: a quick snapshot)." };
        var description = new Option<string?>("--description") { Description = "What the state holds." };
        var next = new Option<string?>("--next-phase") { Description = "What comes next, as the instance's new current-work description." };
        var idle = new Option<bool>("--no-work-expected") { Description = "No work is expected in the next stage." };
        var command = new Command("snapshot", "Takes a snapshot of the current state.") { instance, name, description, next, idle };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.OfInstance(parsed.GetValue(instance));
            using var client = context.Connect();
            var snapshot = await client.SendAsync<JsonElement>(HttpMethod.Post, at.InstancePath + "/snapshots", new
            {
                name = parsed.GetValue(name),
                description = parsed.GetValue(description),
                nextPhaseDescription = parsed.GetValue(next),
                noWorkExpected = parsed.GetValue(idle) ? true : (bool?)null,
            }, ct);
            report.Result(snapshot, r => r.Line($"Snapshot {BrowseCommands.S(snapshot, "name")} ({BrowseCommands.S(snapshot, "id")}): {BrowseCommands.S(snapshot, "fileCount")} files."));
            return 0;
        });
    }

    public static Command Snapshots(CommandContext context)
    {
        var instance = new Argument<string>("instance") { Description = "org/space/instance" };
        var command = new Command("snapshots", "The instance's snapshots, newest first.") { instance };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.OfInstance(parsed.GetValue(instance));
            using var client = context.Connect();
            var snapshots = await client.GetAsync<JsonElement>(at.InstancePath + "/snapshots", ct);
            report.Result(snapshots, r => r.Table(["id", "name", "type", "created", "files", "size"], snapshots.EnumerateArray().Select(s => new[]
            {
                BrowseCommands.S(s, "id"), BrowseCommands.S(s, "name"), BrowseCommands.S(s, "type"), BrowseCommands.S(s, "createdAt"),
                BrowseCommands.S(s, "fileCount"), BrowseCommands.Size(s.GetProperty("size").GetInt64()),
            })));
            return 0;
        });
    }

    public static Command Restore(CommandContext context)
    {
        var instance = new Argument<string>("instance") { Description = "org/space/instance" };
        var snapshot = new Argument<string>("snapshot") { Description = "The snapshot's id." };
        var paths = new Option<string[]>("--paths") { Description = "Only these paths (default: everything).", AllowMultipleArgumentsPerToken = true };
        var into = new Option<string?>("--into") { Description = "Another instance of the space to restore into." };
        var command = new Command("restore", "Restores a snapshot into the current state (a safety snapshot is taken first).") { instance, snapshot, paths, into };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.OfInstance(parsed.GetValue(instance));
            using var client = context.Connect();
            var chosen = parsed.GetValue(paths);
            var target = parsed.GetValue(into);
            var restored = await client.SendAsync<JsonElement>(HttpMethod.Post, $"{at.InstancePath}/snapshots/{Uri.EscapeDataString(parsed.GetValue(snapshot)!)}/restore", new
            {
                paths = chosen is { Length: > 0 } ? chosen : null,
                target = target is null ? null : new { instance = target },
            }, ct);
            report.Result(restored, r => r.Line($"Restored; the state before is kept as snapshot {BrowseCommands.S(restored.GetProperty("safetySnapshot"), "id")}."));
            return 0;
        });
    }
}
