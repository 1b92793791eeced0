using System.Security.Cryptography;

namespace Strata.Core.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA512 from the BCL: a slow, salted KDF. The iteration count is stored in each hash,
/// so raising it later keeps old hashes verifiable.
/// </summary>
public sealed class PasswordHasher(int iterations = PasswordHasher.DefaultIterations)
{
    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512.</summary>
    public const int DefaultIterations = 210_000;

    private const string Scheme = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var rounds) || rounds < 1)
            return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        // A damaged hash with no salt or a short digest must match nothing, not everything.
        if (salt.Length == 0 || expected.Length != HashBytes)
            return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, rounds, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
