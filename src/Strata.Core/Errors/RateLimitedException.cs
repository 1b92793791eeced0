using System.Globalization;

namespace Strata.Core.Errors;

/// <summary>rate_limited, with how long the caller should wait (the host sends it as Retry-After).</summary>
public sealed class RateLimitedException(TimeSpan retryAfter, string reason)
    : DomainException(ErrorCodes.RateLimited, $"{reason} Wait {Describe(Seconds(retryAfter))} and try again.")
{
    /// <summary>Whole seconds, at least one: a client that waits this long is let in.</summary>
    public int RetryAfterSeconds { get; } = Seconds(retryAfter);

    private static int Seconds(TimeSpan wait) => (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));

    private static string Describe(int seconds) => seconds switch
    {
        1 => "1 second",
        < 120 => seconds.ToString(CultureInfo.InvariantCulture) + " seconds",
        _ => ((seconds + 59) / 60).ToString(CultureInfo.InvariantCulture) + " minutes",
    };
}
