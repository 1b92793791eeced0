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
