namespace Strata.Core.Accounts;

/// <summary>
/// A browser's signed-in session. The cookie carries only its id, so ending the row ends the session
/// wherever a copy of the cookie is: signing out, or a new password, refuses it on every node.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid UserId { get; init; }

    public User? User { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Recorded at most once a minute, so checking a session on every request stays a read.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The browser as its owner would name it ("Firefox on Linux"), so they can tell sessions apart.</summary>
    public required string Client { get; init; }

    /// <summary>The client address the session started from, as the server saw it (after trusted proxies).</summary>
    public string? Address { get; init; }

    /// <summary>When it was signed out or ended by a new password; an ended session is never accepted again.</summary>
    public DateTimeOffset? EndedAt { get; set; }
}
