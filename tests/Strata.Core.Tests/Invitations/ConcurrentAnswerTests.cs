using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Errors;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;

namespace Strata.Core.Tests.Invitations;

/// <summary>Two answers to one invitation at the same moment: exactly one counts.</summary>
public sealed partial class ConcurrentAnswerTests
{
    [Fact]
    public async Task TwoAcceptsAtOnceGrantOnceAndTellTheOtherItIsClosed()
    {
        await using var host = await CoreHost.CreateAsync();
        await host.CreateSpaceAsync();
        await host.RunAsync(s => s.GetRequiredService<InstanceService>().CreateAsync(host.Admin, "uni", "physics",
            new CreateInstances("separate", Emails: ["dana@uni.edu"]), CancellationToken.None));
        var dana = await host.RunAsync(s => s.GetRequiredService<AccountService>().CreateUserAsync("dana@uni.edu", "Dana", "dana password", false, CancellationToken.None));
        var secret = await host.RunAsync(async s => Secret().Match((await s.GetRequiredService<StrataDb>().Outbox.SingleAsync(m => m.To == "dana@uni.edu")).TextBody).Groups[1].Value);
        var actor = new Actor(dana.Id, dana.Email, false);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await host.RunAsync(s => s.GetRequiredService<InvitationAnswers>().AcceptAsync(secret, actor, null, null, CancellationToken.None));
                return "accepted";
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        })));

        Assert.Single(answers, a => a == "accepted");
        Assert.All(answers.Where(a => a != "accepted"), a => Assert.Equal(ErrorCodes.InvitationClosed, a));
        Assert.Equal(1, await host.RunAsync(s => s.GetRequiredService<StrataDb>().AuditEntries.CountAsync(e => e.Action == "invitation.accepted")));
        Assert.Equal(1, await host.RunAsync(s => s.GetRequiredService<StrataDb>().InstanceMembers.CountAsync(m => m.UserId == dana.Id)));
    }

    [GeneratedRegex("/invitations/(inv_[A-Za-z0-9_-]+)")]
    private static partial Regex Secret();
}
