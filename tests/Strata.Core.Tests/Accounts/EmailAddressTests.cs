using Strata.Core.Accounts;

namespace Strata.Core.Tests.Accounts;

public sealed class EmailAddressTests
{
    public static TheoryData<string> ValidAddresses => new()
    {
        "a@b.co",
        "first.last+tag@uni.example.ac.uk",
        "Mixed.Case@Example.ORG",
        "digits123@sub-domain.example.com",
        " padded@example.com ",
        new string('x', 254 - "@example.com".Length) + "@example.com",
    };

    public static TheoryData<string?> InvalidAddresses => new()
    {
        null,
        "",
        "   ",
        "a",
        "a@b",
        "@b.co",
        "a@",
        "a@@b.c",
        "a@b@c.d",
        "a b@c.d",
        "a@b .c",
        "a@b.c,",
        "a@b.c;",
        "a@b.c, d@e.f",
        "<a@b.c>",
        "Name <a@b.c>",
        "\"Name\" <a@b.c>",
        "a@.b.c",
        "a@b.c.",
        new string('x', 255 - "@example.com".Length) + "@example.com",
        new string('x', 300) + "@example.com",
    };

    [Theory]
    [MemberData(nameof(ValidAddresses))]
    public void ValidAddressIsAccepted(string email)
    {
        Assert.True(EmailAddress.IsValid(email));
    }

    [Theory]
    [MemberData(nameof(InvalidAddresses))]
    public void InvalidAddressIsRejected(string? email)
    {
        Assert.False(EmailAddress.IsValid(email));
    }

    [Theory]
    [InlineData("a@b.co", "a@b.co")]
    [InlineData("  Ann.Lee@Example.COM\t", "ann.lee@example.com")]
    [InlineData("FIRST.LAST+Tag@Uni.Example.AC.UK", "first.last+tag@uni.example.ac.uk")]
    public void NormalizeTrimsAndLowerCases(string email, string expected)
    {
        Assert.Equal(expected, EmailAddress.Normalize(email));
    }

    [Fact]
    public void SplitListAcceptsCommasSemicolonsSpacesAndNewlinesMixed()
    {
        var list = "a@b.co, c@d.co;e@f.co  g@h.co\nI@j.co\r\n\tk@l.co;; ,\n";

        Assert.Equal(["a@b.co", "c@d.co", "e@f.co", "g@h.co", "I@j.co", "k@l.co"], EmailAddress.SplitList(list));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ; \n")]
    public void SplitListOfNothingIsEmpty(string list)
    {
        Assert.Empty(EmailAddress.SplitList(list));
    }

    [Fact]
    public void SplitListKeepsInvalidEntriesForTheCallerToReport()
    {
        Assert.Equal(["a@b.co", "nonsense", "c@d"], EmailAddress.SplitList("a@b.co nonsense,c@d"));
    }
}
