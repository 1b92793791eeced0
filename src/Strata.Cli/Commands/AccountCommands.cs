using System.CommandLine;
using Spectre.Console;
using Strata.Cli.Remote;

namespace Strata.Cli.Commands;

internal static class AccountCommands
{
    public sealed record Me(Guid Id, string Email, string Name, bool IsPlatformAdmin, OrgRole[] Orgs);

    public sealed record OrgRole(string Slug, string Name, string? Role);

    private sealed record TokenAnswer(Guid Id, string Token);

    public static Command Login(CommandContext context)
    {
        var server = new Option<string?>("--server") { Description = "The server's address, e.g. https://strata.uni.edu (default: the one you signed in to last)." };
        var token = new Option<string?>("--token") { Description = "A personal access token to use instead of email and password." };
        var email = new Option<string?>("--email") { Description = "Your email address (asked for when not given)." };
        var command = new Command("login", "Sign in to a server and remember it (in ~/.config/strata/config.json, mode 0600).") { server, token, email };
        return context.Does(command, async (parsed, report, ct) =>
        {
            var env = context.Env;
            var stored = Credentials.Load(env);
            var address = parsed.GetValue(server) ?? stored.Server
                ?? throw CliException.Usage("Say which server: strata login --server https://strata.example.org");
            var credentials = new Credentials(address, null);
            var secret = parsed.GetValue(token);
            if (secret is null)
            {
                var who = parsed.GetValue(email) ?? Ask(env, "Email: ");
                var password = Ask(env, "Password: ", secret: true);
                using var anonymous = new StrataClient(env.ConnectTo(credentials.ServerUri), null);
                secret = (await anonymous.SendAsync<TokenAnswer>(HttpMethod.Post, "auth/tokens",
                    new { email = who, password, name = $"strata CLI on {Environment.MachineName}" }, ct)).Token;
            }
            using var client = new StrataClient(env.ConnectTo(credentials.ServerUri), secret);
            var me = await client.GetAsync<Me>("me", ct);
            (credentials with { Token = secret }).Save(env);
            report.Result(new { server = credentials.ServerUri.ToString(), email = me.Email }, r => r.Line($"Signed in to {credentials.ServerUri} as {me.Email}."));
            return 0;
        });
    }

    public static Command WhoAmI(CommandContext context) =>
        context.Does(new Command("whoami", "The signed-in account."), async (_, report, ct) =>
        {
            using var client = context.Connect();
            var me = await client.GetAsync<Me>("me", ct);
            report.Result(me, r =>
            {
                r.Line($"{me.Name} <{me.Email}>{(me.IsPlatformAdmin ? ", platform administrator" : "")} on {client.Server}");
                foreach (var org in me.Orgs)
                    r.Line($"  {org.Slug}  {org.Name}{(org.Role is null ? "" : $" ({org.Role})")}");
            });
            return 0;
        });

    /// <summary>A line from the terminal (the password without echo) or from stdin when it is not one.</summary>
    private static string Ask(CliEnvironment env, string prompt, bool secret = false)
    {
        if (env.IsTerminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(env.Error) });
            var question = new TextPrompt<string>(prompt);
            return console.Prompt(secret ? question.Secret() : question);
        }
        return env.In.ReadLine()?.Trim() is { Length: > 0 } line
            ? line
            : throw CliException.Usage($"{prompt.TrimEnd(' ', ':')} is needed: give it on stdin, or use --token.");
    }
}
