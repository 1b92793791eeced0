using System.CommandLine;
using System.Text.Json;
using Strata.Cli.Remote;

namespace Strata.Cli.Commands;

internal static class BrowseCommands
{
    public static Command List(CommandContext context)
    {
        var address = new Argument<string?>("address") { Description = "org, org/space, org/space/instance or org/space/instance/path (nothing: your organisations).", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string>("--state") { Description = "A snapshot id to list instead of the current state.", DefaultValueFactory = _ => "current" };
        var command = new Command("ls", "Lists what is at that level.") { address, state };
        return context.Does(command, async (parsed, report, ct) =>
        {
            using var client = context.Connect();
            var text = parsed.GetValue(address);
            if (string.IsNullOrWhiteSpace(text))
            {
                var orgs = await client.GetAsync<JsonElement>("orgs", ct);
                report.Result(orgs, r => r.Table(["org", "name"], orgs.EnumerateArray().Select(o => new[] { S(o, "slug"), S(o, "name") })));
                return 0;
            }
            var at = Address.Parse(text);
            if (at.Space is null)
            {
                var spaces = await client.GetAsync<JsonElement>($"orgs/{Uri.EscapeDataString(at.Org)}/spaces", ct);
                report.Result(spaces, r => r.Table(["space", "name", "type"], spaces.EnumerateArray().Select(s => new[] { S(s, "slug"), S(s, "name"), S(s, "type") })));
            }
            else if (at.Instance is null)
            {
                var instances = await client.GetAsync<JsonElement>(at.SpacePath + "/instances", ct);
                report.Result(instances, r => r.Table(["instance", "name", "kind", "role"], instances.EnumerateArray().Select(i => new[] { S(i, "slug"), S(i, "name"), S(i, "kind"), S(i, "myRole") })));
            }
            else
            {
                var path = at.Path is null ? "/files" : "/files/" + Address.FilePath(at.Path);
                var folder = await client.GetAsync<JsonElement>(at.StatePath(parsed.GetValue(state)!) + path + (at.Path is null ? "" : "?meta=true"), ct);
                if (folder.TryGetProperty("kind", out var kind) && kind.GetString() == "file")
                {
                    report.Result(folder, r => r.Table(["name", "size", "modified"], [[S(folder, "name"), Size(folder.GetProperty("size").GetInt64()), S(folder, "modifiedAt")]]));
                    return 0;
                }
                report.Result(folder, r => r.Table(["name", "size", "modified"], folder.GetProperty("entries").EnumerateArray().Select(e =>
                    new[] { S(e, "name") + (S(e, "kind") == "folder" ? "/" : ""), S(e, "kind") == "folder" ? "" : Size(e.GetProperty("size").GetInt64()), S(e, "modifiedAt") })));
            }
            return 0;
        });
    }

    public static string S(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "";

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KB",
        _ => $"{bytes} B",
    };
}
