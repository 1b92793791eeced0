using System.Net;
using Microsoft.Extensions.Time.Testing;
using Strata.Core.Accounts;
using Strata.Core.Errors;

namespace Strata.Core.Tests.Accounts;

public sealed class SignInThrottleTests
{
    private static readonly IPAddress Classroom = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("198.51.100.7");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void SuccessfulSignInsNeverCount()
    {
        var throttle = Throttle(perAccount: 3, perAddress: 3);

        for (var i = 0; i < 50; i++)
            throttle.Begin($"student{i % 5}@uni.edu", Classroom).Succeeded();

        throttle.Begin("student0@uni.edu", Classroom).Succeeded();
    }

    [Fact]
    public void FailuresLockTheAccountFromEveryAddressUntilTheOldestLeavesTheWindow()
    {
        var throttle = Throttle(perAccount: 3);
        Fail(throttle, "ann@uni.edu", Classroom);
        clock.Advance(TimeSpan.FromSeconds(10));
        Fail(throttle, "ann@uni.edu", Elsewhere);
        clock.Advance(TimeSpan.FromSeconds(10));
        Fail(throttle, "ANN@uni.edu ", Classroom);

        var refused = Assert.Throws<RateLimitedException>(() => throttle.Begin("ann@uni.edu", IPAddress.Parse("203.0.113.1")));

        Assert.Equal(ErrorCodes.RateLimited, refused.Code);
        Assert.Equal(40, refused.RetryAfterSeconds);
        Assert.StartsWith("Too many failed sign-in attempts for this account. Wait 40 seconds", refused.Detail, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(40));
        throttle.Begin("ann@uni.edu", Classroom).Succeeded();
    }

    [Fact]
    public void ALockedAccountLeavesOtherAccountsOnTheSameAddressAlone()
    {
        var throttle = Throttle(perAccount: 3);
        for (var i = 0; i < 3; i++)
            Fail(throttle, "ann@uni.edu", Classroom);

        Assert.Throws<RateLimitedException>(() => throttle.Begin("ann@uni.edu", Classroom));
        throttle.Begin("bob@uni.edu", Classroom).Succeeded();
    }

    [Fact]
    public void AnAddressOverItsLimitStillSignsInToAccountsWithFewFailures()
    {
        var throttle = Throttle(perAccount: 10, perAddress: 4);
        Fail(throttle, "ann@uni.edu", Elsewhere);
        Fail(throttle, "ann@uni.edu", Elsewhere);
        Fail(throttle, "ann@uni.edu", Elsewhere);
        foreach (var guess in new[] { "x1@uni.edu", "x2@uni.edu", "x3@uni.edu", "x4@uni.edu" })
            Fail(throttle, guess, Classroom);

        // Bob has no failures, Cleo two: both are "not under attack" and get through the limited address.
        throttle.Begin("bob@uni.edu", Classroom).Succeeded();
        Fail(throttle, "cleo@uni.edu", Classroom);
        Fail(throttle, "cleo@uni.edu", Classroom);
        throttle.Begin("cleo@uni.edu", Classroom).Succeeded();
        // Ann has three failures: from the limited address she is refused, from anywhere else she is not.
        var refused = Assert.Throws<RateLimitedException>(() => throttle.Begin("ann@uni.edu", Classroom));
        Assert.Contains("from your network", refused.Detail, StringComparison.Ordinal);
        throttle.Begin("ann@uni.edu", Elsewhere).Succeeded();
    }

    [Fact]
    public void GuessingFromALimitedAddressGetsOnlyAFewTriesPerAccount()
    {
        var throttle = Throttle(perAccount: 10, perAddress: 2);
        Fail(throttle, "x1@uni.edu", Classroom);
        Fail(throttle, "x2@uni.edu", Classroom);

        Fail(throttle, "ann@uni.edu", Classroom);
        Fail(throttle, "ann@uni.edu", Classroom);
        Fail(throttle, "ann@uni.edu", Classroom);

        Assert.Throws<RateLimitedException>(() => throttle.Begin("ann@uni.edu", Classroom));
    }

    [Fact]
    public void ParallelAttemptsCannotAllPassTheCheck()
    {
        var throttle = Throttle(perAccount: 3);
        var inFlight = Enumerable.Range(0, 3).Select(_ => throttle.Begin("ann@uni.edu", Classroom)).ToList();

        Assert.Throws<RateLimitedException>(() => throttle.Begin("ann@uni.edu", Classroom));

        inFlight[0].Succeeded();
        throttle.Begin("ann@uni.edu", Classroom).Succeeded();
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("::ffff:192.0.2.10", "192.0.2.10", true)]
    public void AddressesAreCountedPerClient(string first, string second, bool same) =>
        Assert.Equal(same, SignInThrottle.AddressKey(IPAddress.Parse(first)) == SignInThrottle.AddressKey(IPAddress.Parse(second)));

    [Fact]
    public void ResetEmailsAreLimitedPerMailboxWhoeverAsks()
    {
        var throttle = Throttle(perAccount: 10);
        throttle.RequestReset("ann@uni.edu", Classroom);
        throttle.RequestReset("ann@uni.edu", Elsewhere);
        throttle.RequestReset("Ann@uni.edu", IPAddress.Parse("203.0.113.1"));

        var refused = Assert.Throws<RateLimitedException>(() => throttle.RequestReset("ann@uni.edu", IPAddress.Parse("203.0.113.2")));

        Assert.Equal(3600, refused.RetryAfterSeconds);
        throttle.RequestReset("bob@uni.edu", Classroom);
        clock.Advance(TimeSpan.FromHours(1));
        throttle.RequestReset("ann@uni.edu", Classroom);
    }

    [Fact]
    public void ResetRequestsAreLimitedPerAddress()
    {
        var throttle = Throttle(perAccount: 1, perAddress: 2);
        throttle.RequestReset("a@uni.edu", Classroom);
        throttle.RequestReset("b@uni.edu", Classroom);

        Assert.Throws<RateLimitedException>(() => throttle.RequestReset("c@uni.edu", Classroom));
        throttle.RequestReset("c@uni.edu", Elsewhere);
    }

    private SignInThrottle Throttle(int perAccount, int? perAddress = null) =>
        new(SignInLimits.From(perAccount, perAddress, 60), clock);

    private static void Fail(SignInThrottle throttle, string email, IPAddress address) =>
        throttle.Begin(email, address).Failed();
}
