using System.Security.Cryptography;
using System.Text;

namespace Strata.Core.Accounts;

/// <summary>The one-time secret of the first-run setup link, held in memory by the running server.</summary>
public sealed class SetupSecret
{
    private readonly Lock gate = new();
    private string? current;

    public string Issue()
    {
        lock (gate)
            return current = Secrets.NewSecret("setup_");
    }

    public bool IsValid(string secret)
    {
        lock (gate)
            return Matches(secret);
    }

    public bool TryConsume(string secret)
    {
        lock (gate)
        {
            if (!Matches(secret))
                return false;
            current = null;
            return true;
        }
    }

    /// <summary>Puts a consumed secret back when setup failed on bad input, so the person can try again.</summary>
    public void Restore(string secret)
    {
        lock (gate)
            current ??= secret;
    }

    private bool Matches(string secret) =>
        current is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(current), Encoding.UTF8.GetBytes(secret));
}
