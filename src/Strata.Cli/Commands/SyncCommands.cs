using System.CommandLine;
using Strata.Cli.Remote;
using Strata.Cli.Sync;

namespace Strata.Cli.Commands;

internal static class SyncCommands
{
    public static Command Clone(CommandContext context)
    {
        var instance = new Argument<string>("instance") { Description = "org/space/instance" };
        var directory = new Argument<string?>("directory") { Description = "The folder to create (default: the instance's slug).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("clone", "A local folder tracking the instance's current state.") { instance, directory };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.OfInstance(parsed.GetValue(instance));
            var root = context.Local(parsed.GetValue(directory) ?? at.Instance!);
            if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
                throw new CliException($"{root} exists and is not empty: clone into a new folder.");
            using var client = context.Connect();
            await client.VersionAsync(at, ct); // the instance exists and can be read, before any folder is made
            Directory.CreateDirectory(root);
            var tracking = Tracking.New(root, client.Server.ToString(), at.ToString());
            tracking.Save();
            var pulled = await new SyncEngine(client, report).PullAsync(root, tracking, ct);
            report.Result(new { directory = root, version = pulled.Version, files = pulled.Updated.Count, bytes = pulled.DownloadedBytes },
                r => r.Line($"Cloned {at} (version {pulled.Version}, {pulled.Updated.Count} files, {BrowseCommands.Size(pulled.DownloadedBytes)}) into {root}."));
            return 0;
        });
    }

    public static Command Status(CommandContext context) =>
        context.Does(new Command("status", "Local changes (added, modified, deleted) and whether the remote moved."), async (_, report, ct) =>
        {
            var (root, tracking) = Tracking.Find(context.Env.CurrentDirectory);
            using var client = context.Connect();
            var status = await new SyncEngine(client, report).StatusAsync(root, tracking, ct);
            report.Result(status, r =>
            {
                foreach (var path in status.Added)
                    r.Line($"added     {path}");
                foreach (var path in status.Modified)
                    r.Line($"modified  {path}");
                foreach (var path in status.Deleted)
                    r.Line($"deleted   {path}");
                if (status.Added.Count + status.Modified.Count + status.Deleted.Count == 0)
                    r.Line("No local changes.");
                r.Line(status.RemoteMoved ? "The instance changed on the server since your last pull: run 'strata pull'." : $"Up to date with {tracking.Remote} (version {tracking.Version}).");
            });
            return 0;
        });

    public static Command Push(CommandContext context)
    {
        var snapshot = new Option<string?>("--snapshot") { Description = "Take a snapshot with this name after the push." };
        var command = new Command("push", "Uploads missing content and applies every local change as one update; refuses when the remote moved since the last pull.") { snapshot };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var (root, tracking) = Tracking.Find(context.Env.CurrentDirectory);
            using var client = context.Connect();
            var pushed = await new SyncEngine(client, report).PushAsync(root, tracking, parsed.GetValue(snapshot), ct);
            report.Result(pushed, r => r.Line(pushed.Changes == 0
                ? $"Nothing to push: {tracking.Remote} is at version {pushed.Version}.{(pushed.Snapshot is null ? "" : " Snapshot taken.")}"
                : $"Pushed {pushed.Changes} change(s) to {tracking.Remote} (version {pushed.Version}); sent {pushed.Uploaded} file(s), {BrowseCommands.Size(pushed.UploadedBytes)}.{(pushed.Snapshot is null ? "" : " Snapshot taken.")}"));
            return 0;
        });
    }

    public static Command Pull(CommandContext context) =>
        context.Does(new Command("pull", "Brings remote changes; a file changed on both sides keeps the local version and gets the remote one beside it as 'name (remote).ext'."),
            async (_, report, ct) =>
            {
                var (root, tracking) = Tracking.Find(context.Env.CurrentDirectory);
                using var client = context.Connect();
                var pulled = await new SyncEngine(client, report).PullAsync(root, tracking, ct);
                report.Result(new { updated = pulled.Updated, conflicts = pulled.Conflicts }, r =>
                {
                    foreach (var path in pulled.Updated)
                        r.Line($"updated   {path}");
                    foreach (var conflict in pulled.Conflicts)
                        r.Line(conflict.RemoteCopy is null ? $"conflict  {conflict.Path} (deleted on the server; your version stays)" : $"conflict  {conflict.Path} (the server's version is in \"{conflict.RemoteCopy}\")");
                    r.Line(pulled.Updated.Count + pulled.Conflicts.Count == 0 ? $"Already up to date (version {pulled.Version})." : $"Now at version {pulled.Version}.");
                });
                return 0;
            });
}
