using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Audit;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;
using Strata.Core.Mail;

namespace Strata.Core.Tests.Invitations;

public sealed class ExpiryTests
{
    [Fact]
    public async Task InvitationExpiresAfterItsLifetime()
    {
        await using var database = await TestDatabase.CreateAsync();
        var admin = await database.Accounts().CreateUserAsync("admin@uni.edu", "Admin", "admin password", isPlatformAdmin: true, CancellationToken.None);
        var actor = new Actor(admin.Id, admin.Email, true);
        await using var db = database.NewContext();
        var access = new AccessResolver(db, new AccessEpoch(db), new AccessCache());
        var audit = new AuditLog(db, database.Clock);
        var grants = new InvitationGrants(db, access);
        var links = new CapturingLinks();
        await new OrgService(db, access, audit, database.Clock).CreateAsync(actor, "Uni", "uni", CancellationToken.None);
        var invitations = new InvitationService(db, access, audit, grants, new InvitationOptions(), links, database.Clock);
        await invitations.InviteToOrgAsync(actor, "uni", ["dana@uni.edu"], OrgRole.Member, CancellationToken.None);
        var answers = new InvitationAnswers(db, new AccountService(db, database.Options, database.Clock), grants, audit, database.Clock);

        database.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal("pending", (await answers.ReviewAsync(links.LastSecret!, CancellationToken.None)).Status);
        database.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal("expired", (await answers.ReviewAsync(links.LastSecret!, CancellationToken.None)).Status);
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            answers.AcceptAsync(links.LastSecret!, null, "Dana", "dana password", CancellationToken.None));
        Assert.Equal(ErrorCodes.InvitationExpired, error.Code);
    }

    private sealed class CapturingLinks : ILinks
    {
        public string? LastSecret { get; private set; }

        public string Invitation(string secret)
        {
            LastSecret = secret;
            return "https://strata.test/invitations/" + secret;
        }

        public string Page(string path) => "https://strata.test/" + path;
    }
}
