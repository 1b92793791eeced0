using Strata.Core.Mail;

namespace Strata.Server.Hosting;

internal sealed class Links(PublicUrl publicUrl) : ILinks
{
    public string Invitation(string secret) => publicUrl.To("invitations/" + Uri.EscapeDataString(secret));

    public string Page(string path) => publicUrl.To(path);
}
