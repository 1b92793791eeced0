namespace Strata.Core.Accounts;

/// <summary>How many failed sign-ins an account and a client address may have within one window.</summary>
public sealed record SignInLimits
{
    public const int DefaultPerAccount = 10;
    public const int DefaultWindowSeconds = 60;

    /// <summary>An address behind which a whole class signs in sees more typos than one account does.</summary>
    public const int AddressFactor = 5;

    /// <summary>An account with fewer failures than this is "not under attack": a limited address may still sign in to it.</summary>
    public const int FewFailures = 3;

    public int PerAccount { get; init; } = DefaultPerAccount;

    public int PerAddress { get; init; } = DefaultPerAccount * AddressFactor;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(DefaultWindowSeconds);

    /// <summary>Password reset emails one address may ask for per window (each is a sent message, not a failure).</summary>
    public int ResetsPerAddress => PerAddress;

    /// <summary>Reset emails one mailbox receives per hour at most, whoever asks: no mail bombing through Strata.</summary>
    public int ResetsPerEmail { get; init; } = 3;

    public TimeSpan ResetEmailWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Limits from the operator's settings, saying which one is wrong.</summary>
    public static SignInLimits From(int perAccount, int? perAddress, int windowSeconds)
    {
        if (perAccount < 1)
            throw new ArgumentException("STRATA_SIGNIN_LIMIT must be a whole number of at least 1.");
        if (perAddress is < 1)
            throw new ArgumentException("STRATA_SIGNIN_ADDRESS_LIMIT must be a whole number of at least 1.");
        if (windowSeconds < 1)
            throw new ArgumentException("STRATA_SIGNIN_WINDOW_SECONDS must be a whole number of at least 1.");
        return new SignInLimits
        {
            PerAccount = perAccount,
            PerAddress = perAddress ?? (int)Math.Min(int.MaxValue, (long)perAccount * AddressFactor),
            Window = TimeSpan.FromSeconds(windowSeconds),
        };
    }
}
