namespace Strata.Storage.Tests;

/// <summary>SPEC §4: characters that could disguise what a file is are refused; the joiners scripts and emoji need are not.</summary>
public sealed class PathRulesTests
{
    [Theory]
    [InlineData("\u200B", "U+200B")]
    [InlineData("\u200E", "U+200E")]
    [InlineData("\u200F", "U+200F")]
    [InlineData("\u202A", "U+202A")]
    [InlineData("\u202B", "U+202B")]
    [InlineData("\u202C", "U+202C")]
    [InlineData("\u202D", "U+202D")]
    [InlineData("\u202E", "U+202E")]
    [InlineData("\u2066", "U+2066")]
    [InlineData("\u2067", "U+2067")]
    [InlineData("\u2068", "U+2068")]
    [InlineData("\u2069", "U+2069")]
    [InlineData("\uFEFF", "U+FEFF")]
    public void InvisibleAndTextDirectionCharactersAreRefusedNamingTheCharacter(string character, string codePoint)
    {
        var path = $"week 1/invoice{character}fdp.exe";

        var error = Assert.Throws<StorageException>(() => StoragePath.Parse(path));
        var nameError = Assert.Throws<StorageException>(() => StoragePath.ValidateName($"invoice{character}fdp.exe"));

        Assert.Equal(StorageException.InvalidPath, error.Code);
        Assert.Equal(StorageException.InvalidPath, nameError.Code);
        Assert.Contains($"invisible or text-direction character ({codePoint})", error.Message, StringComparison.Ordinal);
        Assert.Contains("remove it", error.Message, StringComparison.Ordinal);
        // The message shows where the character is without containing it, so the message itself is not disguised.
        Assert.Contains($"invoice\\u{codePoint[2..]}fdp.exe", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(character, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\U0001F469\u200D\U0001F4BB.txt")] // woman technologist: an emoji joined with U+200D
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645.md")] // Persian: U+200C keeps letters apart
    [InlineData("\u0915\u094D\u200D\u0937/notes.txt")] // Devanagari: U+200D asks for a half form
    public void JoinersStayAllowed(string path) =>
        Assert.Equal(path, StoragePath.Parse(path).ToString());
}
