using System.Globalization;
using Strata.Core.Accounts;
using Strata.Core.Errors;

namespace Strata.Server.Auth;

/// <summary>
/// Sign-in limits from the operator's settings (README "Configuration"). Counting happens in the domain
/// (<see cref="SignInThrottle"/>) because only it knows whether an attempt failed: successful sign-ins
/// never count, so a whole class can sign in from one address.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddStrataSignInLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = SignInLimits.From(
            Setting(configuration, "STRATA_SIGNIN_LIMIT") ?? SignInLimits.DefaultPerAccount,
            Setting(configuration, "STRATA_SIGNIN_ADDRESS_LIMIT"),
            Setting(configuration, "STRATA_SIGNIN_WINDOW_SECONDS") ?? SignInLimits.DefaultWindowSeconds);
        services.AddSingleton(limits);
        return services;
    }

    /// <summary>Tells the client when to come back, for API and pages alike.</summary>
    public static void SetRetryAfter(HttpResponse response, RateLimitedException limited) =>
        response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    private static int? Setting(IConfiguration configuration, string name)
    {
        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
            return null;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} must be a whole number (got \"{value}\").");
    }
}
