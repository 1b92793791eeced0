using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Strata.Cli.Remote;

namespace Strata.Cli.Commands;

/// <summary><c>strata assignments …</c>: the teaching loop from a terminal (API.md "Assignments").</summary>
internal static class AssignmentCommands
{
    public static Command Assignments(CommandContext context) =>
        new("assignments", "Assignments: hand out, hand in, collect, grade and hand back.")
        {
            List(context), Create(context), HandIn(context), Collect(context), Grades(context), Grade(context), Return(context),
        };

    private static Command List(CommandContext context)
    {
        var space = new Argument<string>("space") { Description = "org/space" };
        var command = new Command("list", "The assignments of a space you administer, or those given to you.") { space };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = CourseCommands.Space(parsed.GetValue(space));
            using var client = context.Connect();
            var list = await client.GetAsync<JsonElement>($"{at.SpacePath}/assignments", ct);
            report.Result(list, r => r.Table(["id", "name", "due", "handed in", "graded", "returned"], list.EnumerateArray().Select(a => new[]
            {
                BrowseCommands.S(a, "id"), BrowseCommands.S(a, "name"), Due(a), $"{N(a, "handedIn")}/{N(a, "targets")}", N(a, "graded"), N(a, "returned"),
            })));
            return 0;
        });
    }

    private static Command Create(CommandContext context)
    {
        var space = new Argument<string>("space") { Description = "org/space" };
        var name = new Option<string>("--name") { Description = "The assignment's name (also the feedback folder's).", Required = true };
        var from = new Option<string>("--from") { Description = "INSTANCE@STATE: what to hand out (usually master@<snapshot id>).", Required = true };
        var paths = new Option<string[]>("--paths") { Description = "The handed-out paths (default: everything at the top of the state).", AllowMultipleArgumentsPerToken = true };
        var to = new Option<string?>("--to") { Description = "Target instances, separated by commas." };
        var all = new Option<bool>("--all") { Description = "Every student's instance of the space." };
        var due = new Option<string>("--due") { Description = "The deadline: 2026-12-14T23:59+01:00, or a local time such as \"2026-12-14 23:59\".", Required = true };
        var late = new Option<string?>("--late") { Description = "refuse (default) or accept (marked late)." };
        late.AcceptOnlyFromAmong("refuse", "accept");
        var description = new Option<string?>("--description") { Description = "Sent to the students with the material." };
        var noNotify = new Option<bool>("--no-notify") { Description = "Do not email the students." };
        var command = new Command("create", "Creates an assignment and hands its material out (merge).") { space, name, from, paths, to, all, due, late, description, noNotify };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = CourseCommands.Space(parsed.GetValue(space));
            var source = CourseCommands.Source(parsed.GetValue(from)!);
            var targets = parsed.GetValue(to)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if ((targets is { Length: > 0 }) == parsed.GetValue(all))
                throw CliException.Usage("Say who gets it: --to A,B or --all (one of them).");
            var chosen = parsed.GetValue(paths);
            using var client = context.Connect();
            var created = await client.SendAsync<JsonElement>(HttpMethod.Post, $"{at.SpacePath}/assignments", new
            {
                name = parsed.GetValue(name),
                description = parsed.GetValue(description),
                source = new { instance = source.Instance, state = source.State, paths = chosen is { Length: > 0 } ? chosen : null },
                targets = parsed.GetValue(all) ? (object)new { all = true } : new { instances = targets },
                dueAt = DueAt(parsed.GetValue(due)!),
                late = parsed.GetValue(late),
                notify = parsed.GetValue(noNotify) ? false : (bool?)null,
            }, ct);
            report.Result(created, r => r.Line($"Assignment \"{BrowseCommands.S(created, "name")}\" ({BrowseCommands.S(created, "id")}) handed out to {N(created, "targets")} instances, due {Due(created)}."));
            return 0;
        });
    }

    private static Command HandIn(CommandContext context)
    {
        var instance = new Argument<string>("instance") { Description = "org/space/instance" };
        var assignment = new Argument<string>("assignment") { Description = "The assignment's name or id." };
        var command = new Command("handin", "Hands in the assignment's files of the instance's current state, as they are now.") { instance, assignment };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.Parse(parsed.GetValue(instance));
            if (at.Instance is null)
                throw CliException.Usage($"\"{parsed.GetValue(instance)}\" is not an instance: write org/space/instance.");
            using var client = context.Connect();
            var id = await ResolveAsync(client, at, parsed.GetValue(assignment)!, ct);
            var handIn = await client.SendAsync<JsonElement>(HttpMethod.Post, $"{at.SpacePath}/assignments/{id}/handins", new { instance = at.Instance }, ct);
            report.Result(handIn, r => r.Line($"Handed in at {Time(handIn, "at")}{(handIn.GetProperty("late").GetBoolean() ? " (late)" : "")}: snapshot {handIn.GetProperty("snapshot").GetProperty("id").GetString()}."));
            return 0;
        });
    }

    private static Command Collect(CommandContext context)
    {
        var space = new Argument<string>("space") { Description = "org/space" };
        var assignment = new Argument<string>("assignment") { Description = "The assignment's name or id." };
        var command = new Command("collect", "Freezes every target without a hand-in as it is now.") { space, assignment };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = CourseCommands.Space(parsed.GetValue(space));
            using var client = context.Connect();
            var id = await ResolveAsync(client, at, parsed.GetValue(assignment)!, ct);
            var result = await client.SendAsync<JsonElement>(HttpMethod.Post, $"{at.SpacePath}/assignments/{id}/collect", new { }, ct);
            report.Result(result, r => r.Line($"Collected {N(result, "collected")} instances without a hand-in."));
            return 0;
        });
    }

    private static Command Grades(CommandContext context)
    {
        var space = new Argument<string>("space") { Description = "org/space" };
        var assignment = new Argument<string>("assignment") { Description = "The assignment's name or id." };
        var csv = new Option<string?>("--csv") { Description = "Write the grades as CSV to this file (- for standard output)." };
        var command = new Command("grades", "The submissions with their hand-ins and grades; --csv exports them.") { space, assignment, csv };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = CourseCommands.Space(parsed.GetValue(space));
            using var client = context.Connect();
            var id = await ResolveAsync(client, at, parsed.GetValue(assignment)!, ct);
            if (parsed.GetValue(csv) is { } file)
            {
                using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, StrataClient.Api + $"{at.SpacePath}/assignments/{id}/grades.csv"), ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (file == "-")
                    context.Env.Out.Write(text);
                else
                    await File.WriteAllTextAsync(file, text, ct);
                if (file != "-")
                    report.Result(new { file, lines = text.Count(c => c == '\n') - 1 }, r => r.Line($"Grades written to {file}."));
                return 0;
            }
            var submissions = await client.GetAsync<JsonElement>($"{at.SpacePath}/assignments/{id}/submissions", ct);
            report.Result(submissions, r => r.Table(["instance", "handed in", "late", "changes", "grade", "returned"], submissions.EnumerateArray().Select(s =>
            {
                var handIn = s.GetProperty("handIn");
                var changes = s.GetProperty("changes");
                return new[]
                {
                    BrowseCommands.S(s, "instance"),
                    handIn.ValueKind == JsonValueKind.Object ? Time(handIn, "at") + (BrowseCommands.S(handIn, "kind") == "collected" ? " (collected)" : "") : "—",
                    handIn.ValueKind == JsonValueKind.Object && handIn.GetProperty("late").GetBoolean() ? "late" : "",
                    $"+{N(changes, "added")} ~{N(changes, "modified")} -{N(changes, "deleted")}",
                    s.GetProperty("grade").ValueKind == JsonValueKind.String ? s.GetProperty("grade").GetString()! : "—",
                    s.GetProperty("returnedAt").ValueKind == JsonValueKind.String ? Time(s, "returnedAt") : "",
                };
            })));
            return 0;
        });
    }

    private static Command Grade(CommandContext context)
    {
        var instance = new Argument<string>("instance") { Description = "org/space/instance: the student's instance." };
        var assignment = new Argument<string>("assignment") { Description = "The assignment's name or id." };
        var grade = new Option<string>("--grade") { Description = "Free text, such as 17/20 or pass.", Required = true };
        var comment = new Option<string?>("--comment") { Description = "A comment for the student." };
        var command = new Command("grade", "Grades one submission.") { instance, assignment, grade, comment };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = Address.Parse(parsed.GetValue(instance));
            if (at.Instance is null)
                throw CliException.Usage($"\"{parsed.GetValue(instance)}\" is not an instance: write org/space/instance.");
            using var client = context.Connect();
            var id = await ResolveAsync(client, at, parsed.GetValue(assignment)!, ct);
            var saved = await client.SendAsync<JsonElement>(HttpMethod.Put, $"{at.SpacePath}/assignments/{id}/submissions/{Uri.EscapeDataString(at.Instance)}/grade",
                new { grade = parsed.GetValue(grade), comment = parsed.GetValue(comment) }, ct);
            report.Result(saved, r => r.Line($"{at.Instance}: {BrowseCommands.S(saved, "grade")}."));
            return 0;
        });
    }

    private static Command Return(CommandContext context)
    {
        var space = new Argument<string>("space") { Description = "org/space" };
        var assignment = new Argument<string>("assignment") { Description = "The assignment's name or id." };
        var to = new Option<string?>("--to") { Description = "Only these instances, separated by commas (default: every graded one)." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the job is queued." };
        var command = new Command("return", "Hands grades and feedback back into feedback/<assignment>/ of each student's instance.") { space, assignment, to, noWait };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var at = CourseCommands.Space(parsed.GetValue(space));
            using var client = context.Connect();
            var id = await ResolveAsync(client, at, parsed.GetValue(assignment)!, ct);
            var targets = parsed.GetValue(to)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var job = await client.SendAsync<JsonElement>(HttpMethod.Post, $"{at.SpacePath}/assignments/{id}/return", new { instances = targets is { Length: > 0 } ? targets : null }, ct);
            return await CourseCommands.FollowAsync(client, report, at, job, "Handing back", "Hand-back", parsed.GetValue(noWait), ct);
        });
    }

    /// <summary>An assignment of the space by id, or by name (case-insensitive) among those the caller sees.</summary>
    private static async Task<string> ResolveAsync(StrataClient client, Address at, string assignment, CancellationToken ct)
    {
        if (Guid.TryParse(assignment, out var id))
            return id.ToString();
        var list = await client.GetAsync<JsonElement>($"{at.SpacePath}/assignments", ct);
        return list.EnumerateArray().Where(a => string.Equals(BrowseCommands.S(a, "name"), assignment.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(a => BrowseCommands.S(a, "id")).FirstOrDefault()
            ?? throw new CliException($"There is no assignment \"{assignment}\" in {at.Org}/{at.Space} that you can see. List them with: strata assignments list {at.Org}/{at.Space}");
    }

    /// <summary>A deadline as typed: with an offset as given, without one in this computer's time zone.</summary>
    private static DateTimeOffset DueAt(string text) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at)
            ? at
            : throw CliException.Usage($"\"{text}\" is not a date and time: write 2026-12-14T23:59+01:00 or \"2026-12-14 23:59\".");

    private static string Due(JsonElement a) => Time(a, "dueAt");

    private static string Time(JsonElement e, string property) =>
        e.GetProperty(property).GetDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static string N(JsonElement e, string property) => e.GetProperty(property).GetInt64().ToString(CultureInfo.InvariantCulture);
}
