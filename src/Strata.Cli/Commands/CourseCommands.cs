using System.CommandLine;
using System.Text.Json;
using Strata.Cli.Remote;

namespace Strata.Cli.Commands;

internal static class CourseCommands
{
    public static Command Instances(CommandContext context)
    {
        var space = new Argument<string>("space") { Description = "org/space" };
        var mode = new Option<string>("--mode") { Description = "single, joint or separate (one per person).", Required = true };
        mode.AcceptOnlyFromAmong("single", "joint", "separate");
        var name = new Option<string?>("--name") { Description = "The instance's name (single and joint)." };
        var emails = new Option<string?>("--emails") { Description = "Addresses to invite, separated by commas, spaces or newlines (joint and separate)." };
        var role = new Option<string?>("--role") { Description = "editor (default) or viewer." };
        var content = new Option<string?>("--content") { Description = "Start from INSTANCE@STATE (a snapshot id, or current of Distributed)." };
        var create = new Command("create", "Creates instances in bulk, inviting people by email.") { space, mode, name, emails, role, content };
        context.Does(create, async (parsed, report, ct) =>
        {
            var at = Space(parsed.GetValue(space));
            using var client = context.Connect();
            (string Instance, string State)? from = parsed.GetValue(content) is { } source ? Source(source) : null;
            var created = await client.SendAsync<JsonElement>(HttpMethod.Post, at.SpacePath + "/instances", new
            {
                mode = parsed.GetValue(mode),
                name = parsed.GetValue(name),
                emails = parsed.GetValue(emails),
                role = parsed.GetValue(role),
                content = from is null ? null : new { instance = from.Value.Instance, state = from.Value.State },
            }, ct);
            report.Result(created, r => r.Table(["instance", "name"], created.GetProperty("instances").EnumerateArray().Select(i => new[] { BrowseCommands.S(i, "slug"), BrowseCommands.S(i, "name") })));
            return 0;
        });
        return new Command("instances", "Instances of a space.") { create };
    }

    public static Command Invite(CommandContext context)
    {
        var target = new Argument<string>("target") { Description = "org (its members), org/space (administrators) or org/space/instance." };
        var emails = new Option<string>("--emails") { Description = "Addresses, separated by commas, spaces or newlines.", Required = true };
        var role = new Option<string?>("--role") { Description = "manager|faculty|member (org), admin (space), editor|viewer (instance)." };
        var command = new Command("invite", "Invites people by email.") { target, emails, role };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.Parse(parsed.GetValue(target));
            var path = at.Instance is not null ? at.InstancePath : at.Space is not null ? at.SpacePath : $"orgs/{Uri.EscapeDataString(at.Org)}";
            var defaultRole = at.Instance is not null ? "editor" : at.Space is not null ? "admin" : "member";
            using var client = context.Connect();
            var sent = await client.SendAsync<JsonElement>(HttpMethod.Post, path + "/invitations", new { emails = parsed.GetValue(emails), role = parsed.GetValue(role) ?? defaultRole }, ct);
            report.Result(sent, r => r.Line($"Invited {sent.GetProperty("invitations").GetArrayLength()} people."));
            return 0;
        });
    }

    public static Command Distribute(CommandContext context)
    {
        var space = new Argument<string>("space") { Description = "org/space" };
        var from = new Option<string>("--from") { Description = "INSTANCE@STATE: the source (a snapshot id, or current).", Required = true };
        var paths = new Option<string[]>("--paths") { Description = "Only these paths (default: everything).", AllowMultipleArgumentsPerToken = true };
        var to = new Option<string?>("--to") { Description = "Target instances, separated by commas." };
        var all = new Option<bool>("--all") { Description = "Every instance of the space (except Master and Distributed)." };
        var strategy = new Option<string?>("--strategy") { Description = "overwrite (default), extra, mirror or merge." };
        var notify = new Option<bool>("--notify") { Description = "Email the targets' members." };
        var message = new Option<string?>("--message") { Description = "A message for the email." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the job is queued." };
        var command = new Command("distribute", "Distributes snapshot content to instances; waits with a progress bar.") { space, from, paths, to, all, strategy, notify, message, noWait };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Space(parsed.GetValue(space));
            var source = Source(parsed.GetValue(from)!);
            var targets = parsed.GetValue(to)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if ((targets is { Length: > 0 }) == parsed.GetValue(all))
                throw CliException.Usage("Say where it goes: --to A,B or --all (one of them).");
            using var client = context.Connect();
            var chosen = parsed.GetValue(paths);
            var job = await client.SendAsync<JsonElement>(HttpMethod.Post, at.SpacePath + "/distributions", new
            {
                source = new { instance = source.Instance, state = source.State, paths = chosen is { Length: > 0 } ? chosen : null },
                targets = parsed.GetValue(all) ? (object)new { all = true } : new { instances = targets },
                strategy = parsed.GetValue(strategy),
                notify = parsed.GetValue(notify) ? true : (bool?)null,
                message = parsed.GetValue(message),
            }, ct);
            return await FollowAsync(client, report, at, job, "Distributing", "Distribution", parsed.GetValue(noWait), ct);
        });
    }

    /// <summary>
    /// Waits for a distribution job (a distribution, a hand-out or a hand-back) with a progress bar unless told not to,
    /// reports how it ended and per-target errors; 0 when it succeeded (or was left queued), 1 otherwise.
    /// </summary>
    internal static async Task<int> FollowAsync(StrataClient client, Reporter report, Address at, JsonElement job, string doing, string what, bool noWait, CancellationToken ct)
    {
        var id = job.GetProperty("id").GetString()!;
        if (!noWait)
        {
            await report.ProgressAsync(doing, Math.Max(1, job.GetProperty("progress").GetProperty("total").GetInt64()), async advance =>
            {
                long done = 0;
                while (BrowseCommands.S(job, "status") is "queued" or "running")
                {
                    await Task.Delay(500, ct);
                    job = await client.GetAsync<JsonElement>($"{at.SpacePath}/distributions/{id}", ct);
                    var now = job.GetProperty("progress").GetProperty("done").GetInt64();
                    advance(now - done);
                    done = now;
                }
            });
        }
        var status = BrowseCommands.S(job, "status");
        report.Result(job, r =>
        {
            r.Line($"{what} {id}: {status}.");
            foreach (var target in job.GetProperty("targets").EnumerateArray().Where(t => t.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String))
                r.Line($"  {BrowseCommands.S(target, "instance")}: {BrowseCommands.S(target, "error")}");
        });
        return status is "succeeded" or "queued" or "running" ? 0 : 1;
    }

    internal static Address Space(string? text)
    {
        var at = Address.Parse(text);
        return at.Space is null ? throw CliException.Usage($"\"{text}\" is not a space: write org/space.") : at;
    }

    internal static (string Instance, string State) Source(string text)
    {
        var at = text.LastIndexOf('@');
        return at <= 0 || at == text.Length - 1
            ? throw CliException.Usage($"\"{text}\" is not INSTANCE@STATE (e.g. master@current or master@<snapshot id>).")
            : (text[..at], text[(at + 1)..]);
    }
}
