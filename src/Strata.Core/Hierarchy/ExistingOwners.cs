using Microsoft.EntityFrameworkCore;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Invitations;

namespace Strata.Core.Hierarchy;

/// <summary>Separate mode's guard against a second instance for one person, and the names it gives instances.</summary>
internal static class ExistingOwners
{
    /// <summary>
    /// Who of these people has an instance of their own in the space already: an editor of a regular
    /// instance, or invited to be one and not yet answered. Adding them again would make "ann 2".
    /// </summary>
    public static async Task<IReadOnlyList<SkippedEmail>> FindAsync(StrataDb db, Guid spaceId, IReadOnlyList<EmailEntry> people, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = people.Select(p => EmailAddress.Normalize(p.Address)).ToList();
        var editors = await db.InstanceMembers.Where(m => m.Role == InstanceRole.Editor)
            .Join(db.Instances.Where(i => i.SpaceId == spaceId && i.Kind == InstanceKind.Regular), m => m.InstanceId, i => i.Id, (m, i) => new { m.UserId, i.Slug, i.Name })
            .Join(db.Users.Where(u => wanted.Contains(u.EmailNormalized)), x => x.UserId, u => u.Id, (x, u) => new { u.EmailNormalized, x.Slug, x.Name })
            .ToListAsync(ct);
        var invited = await db.InvitationGrants.Where(g => g.Kind == GrantKind.Instance && g.SpaceId == spaceId && g.Role == "editor")
            .Join(db.Invitations.Where(v => v.Status == InvitationStatus.Pending && v.ExpiresAt > now && wanted.Contains(v.EmailNormalized)),
                g => g.InvitationId, v => v.Id, (g, v) => new { v.EmailNormalized, g.InstanceId })
            .Join(db.Instances, x => x.InstanceId, i => i.Id, (x, i) => new { x.EmailNormalized, i.Slug, i.Name })
            .ToListAsync(ct);
        var owners = editors.Concat(invited).GroupBy(o => o.EmailNormalized).ToDictionary(g => g.Key, g => (g.First().Slug, g.First().Name));
        return [.. people.Where(p => owners.ContainsKey(EmailAddress.Normalize(p.Address)))
            .Select(p =>
            {
                var (slug, name) = owners[EmailAddress.Normalize(p.Address)];
                return new SkippedEmail(p.Address, slug, name);
            })];
    }

    /// <summary>A display name from a pasted list ("Ann Smith &lt;ann@…&gt;") when it is a valid instance name, else null.</summary>
    public static string? UsableName(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
            return null;
        try
        {
            return Names.Validate(displayName, "instance");
        }
        catch (DomainException)
        {
            return null;
        }
    }
}
