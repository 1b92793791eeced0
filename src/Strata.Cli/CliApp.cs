using System.CommandLine;
using Strata.Cli.Commands;
using Strata.Cli.Remote;

namespace Strata.Cli;

/// <summary>
/// The strata command (API.md "CLI"): parsing and help by System.CommandLine (with shell completion through its
/// [suggest] directive), exit codes 0 (done), 1 (refused or failed: the server's sentence or the CLI's own on stderr)
/// and 2 (wrong usage).
/// </summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken ct)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON document on stdout instead of text.", Recursive = true };
        var root = new RootCommand("Strata from a terminal: every operation of the API, and folders that sync with an instance.");
        root.Options.Add(json);
        var context = new CommandContext(env, json);
        foreach (var command in new[]
        {
            AccountCommands.Login(context), AccountCommands.WhoAmI(context), BrowseCommands.List(context),
            SyncCommands.Clone(context), SyncCommands.Status(context), SyncCommands.Push(context), SyncCommands.Pull(context),
            FileCommands.Get(context), FileCommands.Put(context), FileCommands.Diff(context),
            SnapshotCommands.Snapshot(context), SnapshotCommands.Snapshots(context), SnapshotCommands.Restore(context),
            CourseCommands.Instances(context), CourseCommands.Invite(context), CourseCommands.Distribute(context), AssignmentCommands.Assignments(context), AdminCommands.Admin(context),
        })
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                await env.Error.WriteLineAsync(error.Message);
            await env.Error.WriteLineAsync("Run 'strata --help' (or 'strata COMMAND --help') for what is accepted.");
            return 2;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false }, ct);
    }
}

/// <summary>What every command's action gets: the environment and the --json switch, and the one place failures become exit codes.</summary>
public sealed class CommandContext(CliEnvironment env, Option<bool> json)
{
    public CliEnvironment Env => env;

    /// <summary>Sets <paramref name="command"/>'s action: runs <paramref name="work"/>, and turns what it throws into a sentence on stderr and an exit code.</summary>
    public Command Does(Command command, Func<ParseResult, Reporter, CancellationToken, Task<int>> work)
    {
        command.SetAction(async (parsed, ct) =>
        {
            var reporter = new Reporter(env, parsed.GetValue(json));
            try
            {
                return await work(parsed, reporter, ct);
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or CliException or HttpRequestException)
            {
                await env.Error.WriteLineAsync("Stopped. A push changes the instance whole or not at all: 'strata status' says where it stands.");
                return 1;
            }
            catch (CliException e)
            {
                await env.Error.WriteLineAsync(e.Message);
                return e.ExitCode;
            }
            catch (RefusedException e)
            {
                await env.Error.WriteLineAsync(e.Message);
                return 1;
            }
            catch (IOException e)
            {
                await env.Error.WriteLineAsync(e.Message);
                return 1;
            }
            catch (UnauthorizedAccessException e)
            {
                await env.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    public StrataClient Connect(bool signedIn = true) => StrataClient.Connect(env, signedIn);

    /// <summary>A path given on the command line, against the folder the command runs in.</summary>
    public string Local(string path) => Path.GetFullPath(Path.Combine(env.CurrentDirectory, path));
}
