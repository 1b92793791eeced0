using System.Security.Cryptography;
using System.Text;

namespace Strata.Core.Accounts;

/// <summary>
/// A short fingerprint of the current password hash. Reset links and session cookies carry the stamp they
/// were issued under; a new password changes it, which closes every older link. Sessions also end in the
/// sessions table (<see cref="UserSessions.EndAllAsync"/>); the stamp refuses their cookies even so.
/// </summary>
public static class PasswordStamp
{
    public static string Of(User user) => Of(user.PasswordHash);

    public static string Of(string passwordHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash)))[..16];

    public static bool Matches(User user, string? stamp) =>
        stamp is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Of(user)), Encoding.ASCII.GetBytes(stamp));
}
