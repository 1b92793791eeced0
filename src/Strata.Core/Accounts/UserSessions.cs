using System.Net;
using Microsoft.EntityFrameworkCore;
using Strata.Core.Data;
using Strata.Core.Errors;

namespace Strata.Core.Accounts;

public sealed record SessionSummary(Guid Id, string Client, string? Address, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt);

/// <summary>
/// Browser sessions kept on the server (SPEC §8: signing out ends the session on the server). An open session and its
/// account are remembered per node while the access epoch stays: signing out, a new password or a disabled account moves it.
/// </summary>
public sealed class UserSessions(StrataDb db, TimeProvider clock, Access.AccessEpoch epoch, Access.AccessCache cache)
{
    /// <summary>A session unused for this long is over, as its cookie is.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromDays(14);

    public const int ClientMaxLength = 200;

    private static readonly TimeSpan SeenEvery = TimeSpan.FromMinutes(1);

    /// <summary>Ended or idle rows are kept this long for the account page's sake, then dropped at the owner's next sign-in.</summary>
    private static readonly TimeSpan KeptAfterEnd = TimeSpan.FromDays(30);

    public async Task<Guid> StartAsync(Guid userId, string client, IPAddress? address, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession
        {
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            Client = client.Length > ClientMaxLength ? client[..ClientMaxLength] : client,
            Address = address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString(),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        var forgotten = now - KeptAfterEnd;
        await db.UserSessions.Where(s => s.UserId == userId && (s.EndedAt < forgotten || s.LastSeenAt < forgotten - IdleLifetime))
            .ExecuteDeleteAsync(ct);
        return session.Id;
    }

    /// <summary>
    /// The account of an open session, or null when the session is unknown, ended or idle too long. A
    /// disabled account is returned too, so the caller can say why it refuses it.
    /// </summary>
    public async Task<User?> ResumeAsync(Guid sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var idleSince = now - IdleLifetime;
        var seen = await epoch.CurrentAsync(ct);
        var entry = seen is { } known ? cache.Session(sessionId, known) : null;
        var fresh = entry is null;
        if (entry is null)
        {
            await db.KeepConnectionOpenAsync(ct);
            var open = await db.UserSessions.AsNoTracking()
                .Where(s => s.Id == sessionId && s.EndedAt == null && s.LastSeenAt > idleSince)
                .Select(s => new { s.User, s.LastSeenAt })
                .SingleOrDefaultAsync(ct);
            if (open?.User is null)
                return null;
            entry = new Access.AccessCache.SessionEntry(seen ?? -1, open.User, open.LastSeenAt);
        }
        else if (entry.LastSeenAt <= idleSince)
        {
            return null;
        }
        if (now - entry.LastSeenAt > SeenEvery)
        {
            await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct);
            entry = entry with { LastSeenAt = now };
            fresh = true;
        }
        if (fresh && seen is not null)
            cache.Remember(sessionId, entry);
        return Access.AccessCache.Copy(entry.User);
    }

    /// <summary>Ends a session by its id (signing out of it); ending one already over changes nothing.</summary>
    public Task EndAsync(Guid sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }

    /// <summary>Ends one of the user's own open sessions; someone else's, or one already over, is not found.</summary>
    public async Task EndOwnAsync(Guid userId, Guid sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ended = await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
        if (ended == 0)
            throw new DomainException(ErrorCodes.NotFound, "There is no such session among yours. Your account page lists the open ones.");
    }

    /// <summary>Ends every session of the account, as a new password does; runs in the caller's transaction when there is one.</summary>
    public Task EndAllAsync(Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }

    /// <summary>The account's open sessions, most recently used first.</summary>
    public async Task<IReadOnlyList<SessionSummary>> ListOpenAsync(Guid userId, CancellationToken ct)
    {
        var idleSince = clock.GetUtcNow() - IdleLifetime;
        var sessions = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && s.LastSeenAt > idleSince)
            .Select(s => new SessionSummary(s.Id, s.Client, s.Address, s.CreatedAt, s.LastSeenAt))
            .ToListAsync(ct);
        return [.. sessions.OrderByDescending(s => s.LastSeenAt)];
    }
}
