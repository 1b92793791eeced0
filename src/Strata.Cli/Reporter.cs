using System.Text.Json;
using Spectre.Console;

namespace Strata.Cli;

/// <summary>
/// How a command speaks: one JSON document on stdout with <c>--json</c>; otherwise sentences and tables, and on a
/// terminal progress bars (on stderr, so stdout stays what the command answered). Warnings always go to stderr.
/// </summary>
public sealed class Reporter(CliEnvironment env, bool json)
{
    private readonly IAnsiConsole? terminal = env.IsTerminal && !json
        ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(env.Error) })
        : null;

    private readonly IAnsiConsole plain = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(env.Out),
        Ansi = env.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = env.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    public bool Json => json;

    public void Warn(string message) => env.Error.WriteLine($"warning: {message}");

    /// <summary>The command's answer: <paramref name="value"/> as JSON with --json, else <paramref name="human"/>.</summary>
    public void Result(object value, Action<Reporter> human)
    {
        if (json)
            env.Out.WriteLine(JsonSerializer.Serialize(value, value.GetType(), CliJson.Indented));
        else
            human(this);
    }

    public void Line(string text) => env.Out.WriteLine(text);

    /// <summary>A table with a header row (plain text when not on a terminal).</summary>
    public void Table(string[] headers, IEnumerable<string[]> rows)
    {
        if (!env.IsTerminal)
        {
            // Piped: aligned columns, never wrapped, so scripts can cut them.
            var all = rows.Prepend(headers).ToList();
            var widths = headers.Select((_, i) => all.Max(r => r.ElementAtOrDefault(i)?.Length ?? 0)).ToArray();
            foreach (var row in all)
                env.Out.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        foreach (var row in rows)
            table.AddRow([.. row.Select(cell => new Text(cell))]);
        plain.Write(table);
    }

    public async Task ProgressAsync(string label, long total, Func<Action<long>, Task> work)
    {
        if (terminal is null)
        {
            await work(_ => { });
            return;
        }
        await terminal.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: Math.Max(total, 1));
                await work(bytes => task.Increment(bytes));
            });
    }
}
