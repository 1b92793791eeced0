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
    public static IServiceCollection AddStrataSignInLimits(this IServiceCollection services, Hosting.StrataSettings settings)
    {
        services.AddSingleton(SignInLimits.From(settings.SignInLimit ?? SignInLimits.DefaultPerAccount, settings.SignInAddressLimit,
            settings.SignInWindowSeconds ?? SignInLimits.DefaultWindowSeconds));
        return services;
    }

    /// <summary>Tells the client when to come back, for API and pages alike.</summary>
    public static void SetRetryAfter(HttpResponse response, RateLimitedException limited) =>
        response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
}
