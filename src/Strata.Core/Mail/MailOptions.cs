namespace Strata.Core.Mail;

public sealed class MailOptions
{
    public string From { get; set; } = "Strata <strata@localhost>";

    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a sender owns a message it took; another sender may take it after that.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}
