namespace Strata.Core.Accounts;

public sealed class AccountOptions
{
    public int PasswordIterations { get; set; } = PasswordHasher.DefaultIterations;

    public int MinimumPasswordLength { get; set; } = 8;
}
