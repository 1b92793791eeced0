namespace Strata.Core.Mail;

/// <summary>Absolute links for emails; the host knows its public address.</summary>
public interface ILinks
{
    string Invitation(string secret);

    string Page(string path);
}
