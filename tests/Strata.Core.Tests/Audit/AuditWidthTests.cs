using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Audit;
using Strata.Core.Data;

namespace Strata.Core.Tests.Audit;

/// <summary>
/// A distribution to 500 students names them all in its audit entry. PostgreSQL refuses a text wider than its
/// column (SQLite stored it), which failed the distribution itself: entries are cut to fit, saying how long they were.
/// </summary>
public sealed class AuditWidthTests
{
    [Fact]
    public async Task ALongDetailIsCutToItsColumnAndTheChangeIsSaved()
    {
        await using var host = await CoreHost.CreateAsync();
        var detail = string.Join(", ", Enumerable.Range(0, 1_000).Select(n => $"Student Number {n}"));

        await host.RunAsync(async s =>
        {
            var db = s.GetRequiredService<StrataDb>();
            s.GetRequiredService<AuditLog>().RecordPlatform(host.Admin, "distribution.created", new string('t', 3_000), detail);
            await db.SaveChangesAsync();
        });

        var entry = await host.RunAsync(s => s.GetRequiredService<StrataDb>().AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "distribution.created"));
        Assert.Equal(AuditEntry.MaxDetailLength, entry.Detail.Length);
        Assert.EndsWith($"… ({detail.Length:N0} characters in all)", entry.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Student Number 0, Student Number 1,", entry.Detail, StringComparison.Ordinal);
        Assert.Equal(AuditEntry.MaxTargetLength, entry.Target.Length);
    }

    [Fact]
    public void ACutNeverSplitsACharacter()
    {
        var text = new string('a', 3_967) + string.Concat(Enumerable.Repeat("😀", 100));

        var fitted = AuditLog.Fit(text, AuditEntry.MaxDetailLength);

        Assert.True(fitted.Length <= AuditEntry.MaxDetailLength);
        Assert.True(fitted.EnumerateRunes().All(r => r != System.Text.Rune.ReplacementChar));
        Assert.False(fitted.Any(char.IsSurrogate) && fitted.Where(char.IsSurrogate).Count() % 2 == 1);
    }
}
