using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strata.Core.Data;
using Strata.Core.Mail;

namespace Strata.Server.Tests.Hosting;

/// <summary>The background workers wait on the injected clock, so a test moves time instead of sleeping.</summary>
public sealed class WorkerClockTests
{
    [Fact]
    public async Task TheOutboxWorkerWakesWhenTheClockPassesItsPollIntervalNotBefore()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("STRATA_MAIL_POLL_MS", "3600000");
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        });
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // Due in half an hour: the worker's first pass at start-up leaves it; only the next poll, an hour on, sends it.
            var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
            db.Outbox.Add(new OutboxMessage
            {
                To = "ann@uni.edu", Subject = "Hello", TextBody = "Hello Ann", HtmlBody = "<p>Hello Ann</p>",
                CreatedAt = clock.GetUtcNow(), NextAttemptAt = clock.GetUtcNow().AddMinutes(30),
            });
            await db.SaveChangesAsync();
        }
        var folder = Path.Combine(app.DataDirectory, "mail");
        // The worker's wait starts on the fake clock once its start-up pass is over; on a loaded machine (a PostgreSQL
        // pass beside other suites) that pass can take seconds, and a clock moved before it would start the hour later.
        await Task.Delay(TimeSpan.FromSeconds(3));

        clock.Advance(TimeSpan.FromMinutes(59));
        var early = await WrittenAsync(folder, TimeSpan.FromMilliseconds(300));
        clock.Advance(TimeSpan.FromMinutes(1));
        var onTime = await WrittenAsync(folder, TimeSpan.FromSeconds(20));

        Assert.False(early);
        Assert.True(onTime);
    }

    [Fact]
    public async Task TheDistributionSignalTimesOutOnTheInjectedClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var signal = new Strata.Core.Distributions.DistributionSignal();

        var waiting = signal.WaitAsync(TimeSpan.FromHours(1), clock, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(59));
        var early = waiting.IsCompleted;
        clock.Advance(TimeSpan.FromMinutes(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(early);
        var woken = signal.WaitAsync(TimeSpan.FromHours(1), clock, CancellationToken.None);
        signal.Wake();
        await woken.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Whether an .eml appears within <paramref name="within"/> (the worker runs on its own thread).</summary>
    private static async Task<bool> WrittenAsync(string folder, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        do
        {
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.eml").Any())
                return true;
            await Task.Delay(20);
        }
        while (DateTime.UtcNow < until);
        return false;
    }
}
