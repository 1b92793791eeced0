using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Strata.Server.Tests;

/// <summary>What the server logged, so tests can read what an operator would see (the setup link).</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();
    private readonly Lock gate = new();
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Found)> waiting = [];

    public IReadOnlyCollection<string> Messages => messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>The first message that matches, logged already or as soon as it is (woken by the logger, no polling).</summary>
    public Task<string> FirstAsync(Func<string, bool> matches, TimeSpan timeout)
    {
        lock (gate)
        {
            if (messages.FirstOrDefault(matches) is { } logged)
                return Task.FromResult(logged);
            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting.Add((matches, found));
            return found.Task.WaitAsync(timeout);
        }
    }

    public void Dispose()
    {
    }

    private void Add(string message)
    {
        lock (gate)
        {
            messages.Enqueue(message);
            foreach (var waiter in waiting.Where(w => w.Matches(message)).ToList())
            {
                waiting.Remove(waiter);
                waiter.Found.TrySetResult(message);
            }
        }
    }

    private sealed class Logger(CapturedLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Add(formatter(state, exception) + (exception is null ? "" : "\n" + exception));
    }
}
