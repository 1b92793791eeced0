namespace Strata.Core.Mail;

/// <summary>
/// An email waiting to go out, written in the same transaction as the change that caused it,
/// so a message exists exactly when its invitation does.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string To { get; init; }

    public required string Subject { get; init; }

    public required string TextBody { get; init; }

    public required string HtmlBody { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A sender that took the message owns it until then; after a crash another sender may take it.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Set when the sender gave up after too many attempts.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    public string? LastError { get; set; }
}
