using System.CommandLine;
using System.Text.Json;
using Strata.Cli.Remote;
using Strata.Cli.Sync;

namespace Strata.Cli.Commands;

internal static class FileCommands
{
    public static Command Get(CommandContext context)
    {
        var source = new Argument<string>("path") { Description = "org/space/instance/path: a file or a folder." };
        var destination = new Argument<string?>("destination") { Description = "Where to write it (default: its name, here).", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string>("--state") { Description = "A snapshot id to read instead of the current state.", DefaultValueFactory = _ => "current" };
        var command = new Command("get", "Downloads a file or a folder.") { source, destination, state };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.OfInstance(parsed.GetValue(source));
            using var client = context.Connect();
            var manifest = await client.GetAsync<ManifestAnswer>(at.StatePath(parsed.GetValue(state)!) + "/manifest", ct);
            var path = at.Path ?? "";
            var name = path.Length == 0 ? at.Instance! : path.Split('/')[^1];
            var target = context.Local(parsed.GetValue(destination) ?? name);
            var exact = manifest.Files.FirstOrDefault(f => f.Path == path);
            List<Download> files = exact is not null
                ? [new Download(Directory.Exists(target) ? Path.Combine(target, name) : target, exact.Path, new FileRecord(exact.Hash, exact.Size))]
                : [.. manifest.Files.Where(f => path.Length == 0 || f.Path.StartsWith(path + "/", StringComparison.Ordinal))
                    .Select(f => new Download(Path.Combine(target, path.Length == 0 ? f.Path : f.Path[(path.Length + 1)..]), f.Path, new FileRecord(f.Hash, f.Size)))];
            if (files.Count == 0 && !manifest.Folders.Contains(path) && path.Length > 0)
                throw new CliException($"There is nothing at \"{path}\" in {at.Instance}.");
            var temporary = Path.Combine(Path.GetDirectoryName(files.FirstOrDefault()?.Local ?? target) ?? target, $".strata-download-{Guid.NewGuid():N}");
            long bytes;
            try
            {
                bytes = await new SyncEngine(client, report).DownloadAsync(at, parsed.GetValue(state)!, files, temporary, ct);
            }
            finally
            {
                if (Directory.Exists(temporary))
                    Directory.Delete(temporary, recursive: true);
            }
            if (exact is null)
                Directory.CreateDirectory(target);
            report.Result(new { destination = target, files = files.Count, bytes }, r => r.Line($"Wrote {files.Count} file(s), {BrowseCommands.Size(bytes)}, to {target}."));
            return 0;
        });
    }

    public static Command Put(CommandContext context)
    {
        var source = new Argument<string>("source") { Description = "A local file or folder." };
        var destination = new Argument<string>("destination") { Description = "org/space/instance/path where it goes (a folder's files go beneath it)." };
        var command = new Command("put", "Uploads a file or a folder into the current state, as one change.") { source, destination };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.OfInstance(parsed.GetValue(destination));
            var local = context.Local(parsed.GetValue(source)!);
            var into = at.Path ?? "";
            List<(string Remote, LocalFile File)> files;
            string root;
            if (File.Exists(local))
            {
                root = Path.GetDirectoryName(local)!;
                var name = Path.GetFileName(local);
                var remote = into.Length == 0 ? name : into;
                files = [(remote, new LocalFile(name, new FileInfo(local).Length, await LocalTree.HashAsync(local, ct)))];
            }
            else if (Directory.Exists(local))
            {
                root = local;
                var scan = await LocalTree.ScanAsync(local, null, ct);
                foreach (var warning in scan.Warnings)
                    report.Warn(warning);
                if (scan.BadNames.Count > 0)
                    throw new CliException($"The server would refuse {scan.BadNames.Count} name(s), so nothing was sent: {string.Join(", ", scan.BadNames.Take(10))}.");
                files = [.. scan.Files.Values.Select(f => (into.Length == 0 ? f.Path : $"{into}/{f.Path}", f))];
            }
            else
            {
                throw new CliException($"There is no file or folder at {local}.");
            }
            using var client = context.Connect();
            var engine = new SyncEngine(client, report);
            var missing = await engine.MissingAsync(at, [.. files.Select(f => f.File.Hash).Distinct()], ct);
            var sent = await engine.UploadAsync(root, at, [.. files.Select(f => f.File).Where(f => missing.Contains(f.Hash)).DistinctBy(f => f.Hash)], ct);
            var changes = files.Select(f => new { op = "put", path = f.Remote, hash = f.File.Hash }).ToList();
            var version = files.Count == 0 ? await client.VersionAsync(at, ct)
                : (await client.SendAsync<JsonElement>(HttpMethod.Post, at.StatePath("current") + "/changes", new { changes }, ct)).GetProperty("version").GetInt64();
            report.Result(new { files = files.Count, uploadedBytes = sent, version }, r => r.Line($"Put {files.Count} file(s) into {at.Org}/{at.Space}/{at.Instance} (version {version}); sent {BrowseCommands.Size(sent)}."));
            return 0;
        });
    }

    public static Command Diff(CommandContext context)
    {
        var instance = new Argument<string>("instance") { Description = "org/space/instance" };
        var from = new Argument<string?>("from") { Description = "The state to compare from (default: the latest snapshot).", Arity = ArgumentArity.ZeroOrOne };
        var to = new Argument<string?>("to") { Description = "The state to compare to (default: current).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("diff", "Changes between two states (default: latest snapshot → current).") { instance, from, to };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.OfInstance(parsed.GetValue(instance));
            using var client = context.Connect();
            var against = parsed.GetValue(from);
            if (against is null)
            {
                var snapshots = await client.GetAsync<JsonElement>(at.InstancePath + "/snapshots", ct);
                against = snapshots.EnumerateArray().Select(s => s.GetProperty("id").GetString()).FirstOrDefault()
                    ?? throw new CliException($"{at} has no snapshot to compare with: name two states.");
            }
            var diff = await client.GetAsync<JsonElement>($"{at.StatePath(parsed.GetValue(to) ?? "current")}/diff?against={Uri.EscapeDataString(against)}", ct);
            report.Result(diff, r =>
            {
                var changes = diff.GetProperty("changes").EnumerateArray().ToList();
                foreach (var change in changes)
                    r.Line($"{BrowseCommands.S(change, "change"),-9} {BrowseCommands.S(change, "path")}");
                if (changes.Count == 0)
                    r.Line("No changes.");
            });
            return 0;
        });
    }
}
