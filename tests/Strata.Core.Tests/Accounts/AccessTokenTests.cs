using Microsoft.EntityFrameworkCore;
using Strata.Core.Accounts;
using Strata.Core.Errors;

namespace Strata.Core.Tests.Accounts;

public sealed class AccessTokenTests
{
    private static Task<User> CreateUserAsync(TestDatabase data, string email) =>
        data.Accounts().CreateUserAsync(email, email.Split('@')[0], "long enough password", false, default);

    [Fact]
    public async Task TokenHasThePrefixAndOnlyItsHashIsStored()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");

        var issued = await data.Accounts().CreateTokenAsync(ann.Id, "laptop", default);

        Assert.StartsWith("strata_pat_", issued.Token, StringComparison.Ordinal);
        Assert.True(issued.Token.Length > "strata_pat_".Length + 40);
        var secretPart = issued.Token["strata_pat_".Length..];
        var values = await data.RawValuesAsync("access_tokens");
        Assert.NotEmpty(values);
        Assert.DoesNotContain(values, v => v.Contains(secretPart, StringComparison.OrdinalIgnoreCase));
        await using var db = data.NewContext();
        var stored = await db.AccessTokens.SingleAsync();
        Assert.Equal(issued.Id, stored.Id);
        Assert.Equal(ann.Id, stored.UserId);
        Assert.Equal("laptop", stored.Name);
        Assert.Equal(Secrets.HashSecret(issued.Token), stored.SecretHash);
    }

    [Fact]
    public async Task TwoTokensAreDifferent()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");

        var first = await data.Accounts().CreateTokenAsync(ann.Id, null, default);
        var second = await data.Accounts().CreateTokenAsync(ann.Id, null, default);

        Assert.NotEqual(first.Token, second.Token);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Theory]
    [InlineData(null, "token")]
    [InlineData("", "token")]
    [InlineData("   ", "token")]
    [InlineData("  ci runner  ", "ci runner")]
    public async Task TokenNameIsTrimmedAndDefaulted(string? name, string expected)
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");

        await data.Accounts().CreateTokenAsync(ann.Id, name, default);

        var summary = Assert.Single(await data.Accounts().ListTokensAsync(ann.Id, default));
        Assert.Equal(expected, summary.Name);
    }

    [Fact]
    public async Task OverlongTokenNameIsCutTo200Characters()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");

        await data.Accounts().CreateTokenAsync(ann.Id, new string('n', 300), default);

        var summary = Assert.Single(await data.Accounts().ListTokensAsync(ann.Id, default));
        Assert.Equal(new string('n', 200), summary.Name);
    }

    [Fact]
    public async Task IssuedTokenAuthenticatesItsUser()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");
        var issued = await data.Accounts().CreateTokenAsync(ann.Id, null, default);

        var user = await data.Tokens().AuthenticateAsync(issued.Token, default);

        Assert.NotNull(user);
        Assert.Equal(ann.Id, user.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("strata_pat_")]
    [InlineData("strata_pat_unknownunknownunknownunknownunknown1234")]
    [InlineData("some-other-token")]
    public async Task UnknownTokenAuthenticatesNobody(string secret)
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");
        await data.Accounts().CreateTokenAsync(ann.Id, null, default);

        Assert.Null(await data.Tokens().AuthenticateAsync(secret, default));
    }

    [Fact]
    public async Task TokenWithoutThePrefixIsRejectedEvenIfTheRestMatches()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");
        var issued = await data.Accounts().CreateTokenAsync(ann.Id, null, default);

        Assert.Null(await data.Tokens().AuthenticateAsync(issued.Token["strata_pat_".Length..], default));
        Assert.Null(await data.Tokens().AuthenticateAsync(issued.Token.ToUpperInvariant(), default));
    }

    [Fact]
    public async Task RevokedTokenIsRejected()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");
        var issued = await data.Accounts().CreateTokenAsync(ann.Id, null, default);
        var kept = await data.Accounts().CreateTokenAsync(ann.Id, null, default);

        await data.Accounts().RevokeTokenAsync(ann.Id, issued.Id, default);

        Assert.Null(await data.Tokens().AuthenticateAsync(issued.Token, default));
        Assert.NotNull(await data.Tokens().AuthenticateAsync(kept.Token, default));
        var remaining = Assert.Single(await data.Accounts().ListTokensAsync(ann.Id, default));
        Assert.Equal(kept.Id, remaining.Id);
    }

    [Fact]
    public async Task RevokingTwiceIsNotFound()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");
        var issued = await data.Accounts().CreateTokenAsync(ann.Id, null, default);
        await data.Accounts().RevokeTokenAsync(ann.Id, issued.Id, default);

        var error = await Assert.ThrowsAsync<DomainException>(() => data.Accounts().RevokeTokenAsync(ann.Id, issued.Id, default));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task RevokingAnotherUsersTokenIsNotFoundAndTheTokenKeepsWorking()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");
        var bob = await CreateUserAsync(data, "bob@example.com");
        var annsToken = await data.Accounts().CreateTokenAsync(ann.Id, null, default);

        var error = await Assert.ThrowsAsync<DomainException>(() => data.Accounts().RevokeTokenAsync(bob.Id, annsToken.Id, default));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
        var user = await data.Tokens().AuthenticateAsync(annsToken.Token, default);
        Assert.Equal(ann.Id, user?.Id);
    }

    [Fact]
    public async Task TokensAreListedNewestFirstAndOnlyTheirOwners()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");
        var bob = await CreateUserAsync(data, "bob@example.com");
        var first = await data.Accounts().CreateTokenAsync(ann.Id, "first", default);
        data.Clock.Advance(TimeSpan.FromMinutes(5));
        await data.Accounts().CreateTokenAsync(bob.Id, "bob's", default);
        data.Clock.Advance(TimeSpan.FromMinutes(5));
        var third = await data.Accounts().CreateTokenAsync(ann.Id, "third", default);
        data.Clock.Advance(TimeSpan.FromSeconds(1));
        var fourth = await data.Accounts().CreateTokenAsync(ann.Id, "fourth", default);

        var tokens = await data.Accounts().ListTokensAsync(ann.Id, default);

        Assert.Equal([fourth.Id, third.Id, first.Id], tokens.Select(t => t.Id));
        Assert.Equal(["fourth", "third", "first"], tokens.Select(t => t.Name));
        Assert.Equal(data.Clock.GetUtcNow(), tokens[0].CreatedAt);
        Assert.All(tokens, t => Assert.Null(t.LastUsedAt));
    }

    [Fact]
    public async Task UseOfATokenIsRecordedAtMostOnceAMinute()
    {
        await using var data = await TestDatabase.CreateAsync();
        var ann = await CreateUserAsync(data, "ann@example.com");
        var issued = await data.Accounts().CreateTokenAsync(ann.Id, null, default);
        data.Clock.Advance(TimeSpan.FromHours(1));
        var firstUse = data.Clock.GetUtcNow();

        await data.Tokens().AuthenticateAsync(issued.Token, default);
        Assert.Equal(firstUse, (await data.Accounts().ListTokensAsync(ann.Id, default))[0].LastUsedAt);

        data.Clock.Advance(TimeSpan.FromSeconds(30));
        await data.Tokens().AuthenticateAsync(issued.Token, default);
        Assert.Equal(firstUse, (await data.Accounts().ListTokensAsync(ann.Id, default))[0].LastUsedAt);

        data.Clock.Advance(TimeSpan.FromMinutes(2));
        await data.Tokens().AuthenticateAsync(issued.Token, default);
        Assert.Equal(data.Clock.GetUtcNow(), (await data.Accounts().ListTokensAsync(ann.Id, default))[0].LastUsedAt);
    }
}
