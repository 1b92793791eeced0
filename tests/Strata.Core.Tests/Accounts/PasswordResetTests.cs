using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Errors;

namespace Strata.Core.Tests.Accounts;

public sealed partial class PasswordResetTests
{
    private static readonly IPAddress Address = IPAddress.Parse("192.0.2.10");

    [Fact]
    public async Task AnUnknownEmailGetsTheSameAnswerAndNoMail()
    {
        await using var host = await CoreHost.CreateAsync();

        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().RequestAsync("nobody@uni.edu", Address, default));

        var counts = await host.RowCountsAsync();
        Assert.Equal(0, counts["outbox"]);
        Assert.Equal(0, counts["password_resets"]);
    }

    [Fact]
    public async Task TheEmailedLinkSetsANewPasswordOnce()
    {
        await using var host = await CoreHost.CreateAsync();
        await CreateAnnAsync(host);

        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().RequestAsync(" ANN@uni.edu", Address, default));
        var secret = await LinkAsync(host);
        var review = await host.RunAsync(s => s.GetRequiredService<PasswordResets>().ReviewAsync(secret, default));
        Assert.Equal("ann@uni.edu", review.Email);
        Assert.Equal(host.Clock.GetUtcNow() + TimeSpan.FromHours(1), review.ExpiresAt);

        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().CompleteAsync(secret, "a brand new password", default));

        Assert.NotNull(await CheckAsync(host, "a brand new password"));
        Assert.Null(await CheckAsync(host, "ann's old password"));
        var again = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<PasswordResets>().CompleteAsync(secret, "yet another password", default)));
        Assert.Equal(ErrorCodes.LinkClosed, again.Code);
        Assert.Contains("already used", again.Detail, StringComparison.Ordinal);
        Assert.NotNull(await CheckAsync(host, "a brand new password"));
        var stored = await host.RunAsync(s => s.GetRequiredService<StrataDb>().PasswordResets.SingleAsync());
        Assert.NotEqual(secret, stored.SecretHash);
        Assert.NotNull(stored.UsedAt);
    }

    [Fact]
    public async Task TheLinkExpiresAfterAnHour()
    {
        await using var host = await CoreHost.CreateAsync();
        await CreateAnnAsync(host);
        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().RequestAsync("ann@uni.edu", Address, default));
        var secret = await LinkAsync(host);

        host.Clock.Advance(TimeSpan.FromHours(1));

        var expired = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<PasswordResets>().CompleteAsync(secret, "a brand new password", default)));
        Assert.Equal(ErrorCodes.LinkExpired, expired.Code);
        Assert.Contains("1 hour", expired.Detail, StringComparison.Ordinal);
        Assert.NotNull(await CheckAsync(host, "ann's old password"));
    }

    [Fact]
    public async Task TheNewPasswordFollowsTheAccountRulesAndAShortOneLeavesTheLinkUsable()
    {
        await using var host = await CoreHost.CreateAsync();
        await CreateAnnAsync(host);
        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().RequestAsync("ann@uni.edu", Address, default));
        var secret = await LinkAsync(host);

        var tooShort = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<PasswordResets>().CompleteAsync(secret, "short", default)));

        Assert.Equal(ErrorCodes.InvalidRequest, tooShort.Code);
        Assert.Contains("at least 8 characters", tooShort.Detail, StringComparison.Ordinal);
        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().CompleteAsync(secret, "long enough now", default));
        Assert.NotNull(await CheckAsync(host, "long enough now"));
    }

    [Fact]
    public async Task ANewPasswordClosesEveryOlderLink()
    {
        await using var host = await CoreHost.CreateAsync();
        await CreateAnnAsync(host);
        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().RequestAsync("ann@uni.edu", Address, default));
        var first = await LinkAsync(host);
        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().RequestAsync("ann@uni.edu", Address, default));
        var second = (await LinksAsync(host)).Single(link => link != first);

        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().CompleteAsync(second, "a brand new password", default));

        var closed = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<PasswordResets>().ReviewAsync(first, default)));
        Assert.Equal(ErrorCodes.LinkClosed, closed.Code);
        Assert.Contains("password was changed after it was sent", closed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownLinkIsNotFound()
    {
        await using var host = await CoreHost.CreateAsync();

        var unknown = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<PasswordResets>().ReviewAsync("reset_nonsense", default)));

        Assert.Equal(ErrorCodes.NotFound, unknown.Code);
    }

    [Fact]
    public async Task ADisabledAccountGetsNoLinkAndCannotUseAnEarlierOne()
    {
        await using var host = await CoreHost.CreateAsync();
        var ann = await CreateAnnAsync(host);
        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().RequestAsync("ann@uni.edu", Address, default));
        var secret = await LinkAsync(host);
        await host.RunAsync(s => s.GetRequiredService<UserAdministration>().SetDisabledAsync(host.Admin, ann.Id, true, default));

        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().RequestAsync("ann@uni.edu", Address, default));
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            host.RunAsync(s => s.GetRequiredService<PasswordResets>().CompleteAsync(secret, "a brand new password", default)));

        Assert.Single(await LinksAsync(host));
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Contains("disabled", refused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendingAndUsingALinkIsInThePlatformLog()
    {
        await using var host = await CoreHost.CreateAsync();
        var ann = await CreateAnnAsync(host);
        await host.RunAsync(s => s.GetRequiredService<UserAdministration>().SendResetAsync(host.Admin, ann.Id, default));
        var secret = await LinkAsync(host);
        var mail = await host.RunAsync(s => s.GetRequiredService<StrataDb>().Outbox.SingleAsync());
        Assert.Contains("A platform administrator (admin@example.org)", mail.TextBody, StringComparison.Ordinal);

        await host.RunAsync(s => s.GetRequiredService<PasswordResets>().CompleteAsync(secret, "a brand new password", default));

        var details = await host.RunAsync(s => s.GetRequiredService<UserAdministration>().DetailsAsync(host.Admin, ann.Id, default));
        Assert.Equal(["user.password_reset", "user.password_reset_sent"], details.History.Select(h => h.Action));
        Assert.Equal(["ann@uni.edu", "admin@example.org"], details.History.Select(h => h.Actor));
    }

    internal static Task<User> CreateAnnAsync(CoreHost host) =>
        host.RunAsync(s => s.GetRequiredService<AccountService>().CreateUserAsync("ann@uni.edu", "Ann Lee", "ann's old password", false, default));

    private static Task<User?> CheckAsync(CoreHost host, string password) =>
        host.RunAsync(s => s.GetRequiredService<AccountService>().CheckPasswordAsync("ann@uni.edu", password, default));

    private static async Task<string> LinkAsync(CoreHost host) => (await LinksAsync(host))[^1];

    /// <summary>The secrets of the reset links in queued mail, oldest first, read from the text part as a person would.</summary>
    private static async Task<IReadOnlyList<string>> LinksAsync(CoreHost host)
    {
        var messages = await host.RunAsync(s => s.GetRequiredService<StrataDb>().Outbox.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
        return [.. messages.Select(m => ResetLink().Match(m.TextBody)).Where(m => m.Success).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"https://strata\.test/reset-password/(reset_[A-Za-z0-9_-]+)")]
    private static partial Regex ResetLink();
}
