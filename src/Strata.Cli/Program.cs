namespace Strata.Cli;

/// <summary>The process's entry: the real terminal, folders and network.</summary>
internal static class EntryPoint
{
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliEnvironment.FromProcess(), CancellationToken.None);
}
