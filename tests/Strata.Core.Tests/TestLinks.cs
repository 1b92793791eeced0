namespace Strata.Core.Tests;

/// <summary>Links under https://strata.test/ for mail composed in tests.</summary>
internal sealed class TestLinks : Mail.ILinks
{
    public string Invitation(string secret) => "https://strata.test/invitations/" + secret;

    public string Page(string path) => "https://strata.test/" + path;
}
