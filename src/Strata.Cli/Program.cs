namespace Strata.Cli;

/// <summary>The process's entry: the real terminal, folders and network; Ctrl-C cancels the command instead of killing it.</summary>
internal static class EntryPoint
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !stop.IsCancellationRequested; // a second Ctrl-C ends the process at once
            stop.Cancel();
        };
        return await CliApp.RunAsync(args, CliEnvironment.FromProcess(), stop.Token);
    }
}
