using Strata.Core.States;

namespace Strata.Core.Tests.States;

public sealed class ZipEntryNamesTests
{
    [Theory]
    [InlineData("notes.txt", "notes.txt")]
    [InlineData("C:", "C_")]
    [InlineData("a:b", "a_b")]
    [InlineData(@"a\b", "a_b")]
    [InlineData("what?*<>|\"", "what______")]
    [InlineData("CON", "_CON")]
    [InlineData("con", "_con")]
    [InlineData("NUL.txt", "_NUL.txt")]
    [InlineData("com1.tar.gz", "_com1.tar.gz")]
    [InlineData("LPT¹", "_LPT¹")]
    [InlineData("aux .txt", "_aux .txt")]
    [InlineData("CONSOLE.txt", "CONSOLE.txt")]
    [InlineData("notes.", "notes_")]
    [InlineData("draft. . ", "draft____")]
    [InlineData("...", "___")]
    [InlineData(" leading", " leading")]
    [InlineData(".env", ".env")]
    [InlineData("Résumé", "Résumé")]
    public void ANameIsMadeSafeForWindowsExtractors(string name, string safe) =>
        Assert.Equal(safe, ZipEntryNames.Safe(name));

    [Fact]
    public void NamesThatBecomeTheSameStayDistinctAndUntouchedNamesKeepTheirs()
    {
        var names = ZipEntryNames.ForFolder(["a:b", "a_b", "a?b", "README", "readme", "x."]);

        Assert.Equal(["a_b (1)", "a_b", "a_b (2)", "README", "readme (1)", "x_"], names);
    }
}
