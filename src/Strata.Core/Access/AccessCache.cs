using BitFaster.Caching.Lru;
using Strata.Core.Accounts;
using Strata.Core.Hierarchy;

namespace Strata.Core.Access;

/// <summary>
/// What decides access, remembered per node between requests: a token's or a browser session's account, and a caller's
/// grants on a space. Every entry carries the <see cref="AccessEpoch"/> value it was read at and is used only by a request that reads the
/// same value, so a revoked token or a removed role is refused by the very next request on every node. Entries are
/// copies: no request shares an object with another. Bounded, least recently used first out.
/// </summary>
public sealed class AccessCache
{
    private const int Capacity = 20_000;

    private readonly FastConcurrentLru<string, TokenEntry> tokens = new(Capacity);
    private readonly FastConcurrentLru<SpaceKey, SpaceEntry> spaces = new(Capacity);
    private readonly FastConcurrentLru<Guid, SessionEntry> sessions = new(Capacity);

    /// <summary>The account behind a token hash, with the token's id and when its use was last written.</summary>
    public sealed record TokenEntry(long Epoch, Guid TokenId, User User, DateTimeOffset? LastUsedAt);

    /// <summary>An open browser session's account, and when its use was last written.</summary>
    public sealed record SessionEntry(long Epoch, User User, DateTimeOffset LastSeenAt);

    public readonly record struct SpaceKey(Guid User, bool PlatformAdmin, string Org, string Space);

    /// <summary>A caller's scope on a space, the organisation and space kept as detached copies.</summary>
    public sealed record SpaceEntry(long Epoch, Organisation Org, Space Space, Grants Grants, IReadOnlyDictionary<Guid, InstanceRole> InstanceRoles);

    public TokenEntry? Token(string hash, long epoch) =>
        tokens.TryGet(hash, out var entry) && entry.Epoch == epoch ? entry : null;

    public void Remember(string hash, TokenEntry entry) => tokens.AddOrUpdate(hash, entry with { User = Copy(entry.User) });

    public SessionEntry? Session(Guid id, long epoch) =>
        sessions.TryGet(id, out var entry) && entry.Epoch == epoch ? entry : null;

    public void Remember(Guid session, SessionEntry entry) => sessions.AddOrUpdate(session, entry with { User = Copy(entry.User) });

    public SpaceEntry? Space(SpaceKey key, long epoch) =>
        spaces.TryGet(key, out var entry) && entry.Epoch == epoch ? entry : null;

    public void Remember(SpaceKey key, SpaceEntry entry) =>
        spaces.AddOrUpdate(key, entry with { Org = Copy(entry.Org), Space = Copy(entry.Space) });

    public static User Copy(User user) => new()
    {
        Id = user.Id,
        Email = user.Email,
        EmailNormalized = user.EmailNormalized,
        Name = user.Name,
        PasswordHash = user.PasswordHash,
        IsPlatformAdmin = user.IsPlatformAdmin,
        CreatedAt = user.CreatedAt,
        DisabledAt = user.DisabledAt,
    };

    public static Organisation Copy(Organisation org) => new()
    {
        Id = org.Id,
        Slug = org.Slug,
        Name = org.Name,
        CreatedAt = org.CreatedAt,
    };

    public static Space Copy(Space space) => new()
    {
        Id = space.Id,
        OrgId = space.OrgId,
        Slug = space.Slug,
        Name = space.Name,
        NameKey = space.NameKey,
        Description = space.Description,
        Type = space.Type,
        Visibility = space.Visibility,
        InstanceQuotaBytes = space.InstanceQuotaBytes,
        CreatedAt = space.CreatedAt,
        CreatedBy = space.CreatedBy,
    };
}
