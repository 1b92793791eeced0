using Strata.Core.Accounts;

namespace Strata.Core.Tests.Accounts;

public sealed class PasswordHasherTests
{
    private readonly PasswordHasher hasher = new(iterations: 1000);

    [Fact]
    public void HashVerifiesWithTheSamePassword()
    {
        var hash = hasher.Hash("correct horse battery staple");

        Assert.True(PasswordHasher.Verify("correct horse battery staple", hash));
    }

    [Theory]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("correct horse battery staple ")]
    [InlineData("")]
    public void WrongPasswordFails(string attempt)
    {
        var hash = hasher.Hash("correct horse battery staple");

        Assert.False(PasswordHasher.Verify(attempt, hash));
    }

    [Fact]
    public void TwoHashesOfTheSamePasswordDifferBecauseOfTheSalt()
    {
        var first = hasher.Hash("same password");
        var second = hasher.Hash("same password");

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.Split('$')[2], second.Split('$')[2]);
        Assert.True(PasswordHasher.Verify("same password", first));
        Assert.True(PasswordHasher.Verify("same password", second));
    }

    [Fact]
    public void HashNamesItsSchemeAndIterationCount()
    {
        var parts = new PasswordHasher(iterations: 1234).Hash("pw").Split('$');

        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha512", parts[0]);
        Assert.Equal("1234", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
    }

    [Fact]
    public void HashMadeWithAnotherIterationCountStillVerifies()
    {
        // Verify is static and reads the count from the hash, so raising the default keeps old hashes working.
        var old = new PasswordHasher(iterations: 500).Hash("kept password");

        Assert.True(PasswordHasher.Verify("kept password", old));
        Assert.False(PasswordHasher.Verify("other password", old));
    }

    [Fact]
    public void ChangingTheEmbeddedIterationCountBreaksVerification()
    {
        var parts = hasher.Hash("pw").Split('$');
        parts[1] = "1001";

        Assert.False(PasswordHasher.Verify("pw", string.Join('$', parts)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("pbkdf2-sha512")]
    [InlineData("pbkdf2-sha512$1000$c2FsdA==")]
    [InlineData("pbkdf2-sha512$1000$c2FsdA==$aGFzaA==$extra")]
    [InlineData("bcrypt$1000$c2FsdA==$aGFzaA==")]
    [InlineData("PBKDF2-SHA512$1000$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha512$many$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha512$0$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha512$-5$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha512$99999999999$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha512$1000$not base64!$aGFzaA==")]
    [InlineData("pbkdf2-sha512$1000$c2FsdA==$not base64!")]
    [InlineData("pbkdf2-sha512$1000$c2FsdA==$aGFzaA==")]
    [InlineData("$$$")]
    public void MalformedHashIsRejectedWithoutThrowing(string encoded)
    {
        Assert.False(PasswordHasher.Verify("password", encoded));
    }

    [Theory]
    [InlineData("pbkdf2-sha512$1000$c2FsdA==$")]
    [InlineData("pbkdf2-sha512$1000$$")]
    public void HashWithAnEmptyDigestMatchesNoPassword(string encoded)
    {
        Assert.False(PasswordHasher.Verify("any password at all", encoded));
        Assert.False(PasswordHasher.Verify("", encoded));
    }
}
