using System.Security.Cryptography;
using System.Text;

namespace Strata.Core.Accounts;

/// <summary>Random bearer secrets (tokens, setup links, invitation links) and their stored hashes.</summary>
public static class Secrets
{
    /// <summary>256 random bits, URL-safe, with a prefix that says what the secret is for.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>A fast hash is right here: the secrets carry 256 bits of entropy, nothing to brute-force.</summary>
    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
