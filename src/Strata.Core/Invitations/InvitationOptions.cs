namespace Strata.Core.Invitations;

public sealed class InvitationOptions
{
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(30);
}
