using Strata.Core.Errors;
using Strata.Core.Hierarchy;

namespace Strata.Core.Tests.Hierarchy;

public sealed class NamesTests
{
    [Theory]
    [InlineData("Group A", "group_a")]
    [InlineData("Week 1!", "week_1_")]
    [InlineData("alice.smith", "alice_smith")]
    [InlineData("ABC123", "abc123")]
    [InlineData("a -- b", "a_b")]
    [InlineData("!!!", "_")]
    public void SlugReplacesEveryRunOfOtherCharactersWithOneUnderscore(string name, string slug) =>
        Assert.Equal(slug, Names.Slugify(name));

    [Theory]
    [InlineData("  Física   Cuántica ", "fisica_cuantica")]
    [InlineData("Université de Genève", "universite_de_geneve")]
    [InlineData("Ærø", "aero")]
    [InlineData("Straße", "strasse")]
    [InlineData("Łódź", "lodz")]
    [InlineData("İstanbul", "istanbul")]
    [InlineData("Москва", "moskva")]
    [InlineData("Αθήνα", "athina")]
    [InlineData("北京大学", "beijingdaxue")]
    [InlineData("👩‍💻 Lab", "_woman_computer_lab")]
    public void SlugSpellsLettersOfOtherScriptsInLatinLetters(string name, string slug) =>
        Assert.Equal(slug, Names.Slugify(name));

    [Fact]
    public void SlugIsUniquifiedWithNumberSuffixes()
    {
        var taken = new HashSet<string> { "alice", "alice_2" };
        Assert.Equal("alice_3", Names.Uniquify("alice", taken));
        Assert.Equal("bob", Names.Uniquify("bob", taken));
    }

    [Fact]
    public void NameIsUniquifiedCaseInsensitively()
    {
        var taken = new HashSet<string> { "alice", "alice 2" };
        Assert.Equal("Alice 3", Names.UniquifyName("Alice", taken));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void EmptyNameIsRejected(string? name)
    {
        var error = Assert.Throws<DomainException>(() => Names.Validate(name, "instance"));
        Assert.Equal(ErrorCodes.InvalidName, error.Code);
    }

    [Theory]
    [InlineData("Group\u200BA", "U+200B")]
    [InlineData("\u200EGroup A", "U+200E")]
    [InlineData("Group A\u200F", "U+200F")]
    [InlineData("\u202AGroup A", "U+202A")]
    [InlineData("\u202BGroup A", "U+202B")]
    [InlineData("Group A\u202C", "U+202C")]
    [InlineData("\u202DGroup A", "U+202D")]
    [InlineData("Report\u202Efdp.exe", "U+202E")]
    [InlineData("\u2066Group A", "U+2066")]
    [InlineData("\u2067Group A", "U+2067")]
    [InlineData("\u2068Group A", "U+2068")]
    [InlineData("Group A\u2069", "U+2069")]
    [InlineData("\uFEFFGroup A", "U+FEFF")]
    [InlineData("\u200B", "U+200B")]
    public void InvisibleAndTextDirectionCharactersAreRefusedInNames(string name, string codePoint)
    {
        var error = Assert.Throws<DomainException>(() => Names.Validate(name, "space"));

        Assert.Equal(ErrorCodes.InvalidName, error.Code);
        Assert.Contains($"The space name contains an invisible or text-direction character ({codePoint})", error.Detail, StringComparison.Ordinal);
        Assert.Contains("Remove it", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\U0001F469\u200D\U0001F4BB Lab")] // an emoji sequence joined with U+200D
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")] // Persian needs U+200C
    public void JoinersAreAllowedInNames(string name) =>
        Assert.Equal(name, Names.Validate(name, "instance"));

    [Fact]
    public void NameIsTrimmedAndLimitedTo1023Characters()
    {
        Assert.Equal("x", Names.Validate("  x  ", "space"));
        Assert.Equal(1023, Names.Validate(new string('a', 1023), "space").Length);
        var error = Assert.Throws<DomainException>(() => Names.Validate(new string('a', 1024), "space"));
        Assert.Equal(ErrorCodes.InvalidName, error.Code);
        Assert.Contains("1023", error.Detail);
    }

    [Fact]
    public void DescriptionIsLimitedTo1023Characters()
    {
        Assert.Equal("", Names.ValidateDescription(null, "instance"));
        var error = Assert.Throws<DomainException>(() => Names.ValidateDescription(new string('d', 1024), "instance"));
        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
    }
}
