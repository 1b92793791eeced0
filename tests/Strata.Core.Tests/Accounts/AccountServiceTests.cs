using Microsoft.EntityFrameworkCore;
using Strata.Core.Accounts;
using Strata.Core.Errors;

namespace Strata.Core.Tests.Accounts;

public sealed class AccountServiceTests
{
    [Fact]
    public async Task CreatedUserIsStoredWithNormalizedEmailAndHashedPassword()
    {
        await using var data = await TestDatabase.CreateAsync();

        var user = await data.Accounts().CreateUserAsync("  Ann.Lee@Example.com ", "  Ann Lee ", "long enough password", isPlatformAdmin: false, default);

        await using var db = data.NewContext();
        var stored = await db.Users.SingleAsync();
        Assert.Equal(user.Id, stored.Id);
        Assert.Equal("Ann.Lee@Example.com", stored.Email);
        Assert.Equal("ann.lee@example.com", stored.EmailNormalized);
        Assert.Equal("Ann Lee", stored.Name);
        Assert.False(stored.IsPlatformAdmin);
        Assert.Equal(data.Clock.GetUtcNow(), stored.CreatedAt);
        Assert.DoesNotContain("long enough password", stored.PasswordHash, StringComparison.Ordinal);
        Assert.StartsWith("pbkdf2-sha512$1000$", stored.PasswordHash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("long enough password", stored.PasswordHash));
    }

    [Fact]
    public async Task DuplicateEmailInAnotherCaseIsEmailTaken()
    {
        await using var data = await TestDatabase.CreateAsync();
        await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "password one", false, default);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Accounts().CreateUserAsync(" ANN@Example.COM", "Other Ann", "password two", false, default));

        Assert.Equal(ErrorCodes.EmailTaken, error.Code);
        Assert.Contains("ANN@Example.COM", error.Detail, StringComparison.Ordinal);
        await using var db = data.NewContext();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task DuplicateEmailThroughTheSameServiceIsEmailTaken()
    {
        await using var data = await TestDatabase.CreateAsync();
        var accounts = data.Accounts();
        await accounts.CreateUserAsync("ann@example.com", "Ann", "password one", false, default);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            accounts.CreateUserAsync("Ann@example.com", "Ann", "password two", false, default));

        Assert.Equal(ErrorCodes.EmailTaken, error.Code);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("Name <ann@example.com>")]
    [InlineData("ann@example")]
    [InlineData("")]
    public async Task InvalidEmailIsRejectedAndNamed(string email)
    {
        await using var data = await TestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Accounts().CreateUserAsync(email, "Ann", "long enough password", false, default));

        Assert.Equal(ErrorCodes.InvalidEmail, error.Code);
        var invalid = Assert.IsAssignableFrom<IEnumerable<string>>(error.Extensions["invalidEmails"]);
        Assert.Equal([email], invalid);
        await using var db = data.NewContext();
        Assert.False(await db.Users.AnyAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("7 chars")]
    public async Task ShortPasswordIsInvalidRequest(string password)
    {
        await using var data = await TestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Accounts().CreateUserAsync("ann@example.com", "Ann", password, false, default));

        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
        Assert.Contains("8", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordOfExactlyTheMinimumLengthIsAccepted()
    {
        await using var data = await TestDatabase.CreateAsync();

        await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "8 chars!", false, default);

        Assert.NotNull(await data.Accounts().CheckPasswordAsync("ann@example.com", "8 chars!", default));
    }

    [Fact]
    public async Task OverlongPasswordIsInvalidRequest()
    {
        await using var data = await TestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Accounts().CreateUserAsync("ann@example.com", "Ann", new string('p', 1025), false, default));

        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task BlankNameIsInvalidName(string name)
    {
        await using var data = await TestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Accounts().CreateUserAsync("ann@example.com", name, "long enough password", false, default));

        Assert.Equal(ErrorCodes.InvalidName, error.Code);
    }

    [Fact]
    public async Task RightPasswordReturnsTheUserWhateverTheEmailCase()
    {
        await using var data = await TestDatabase.CreateAsync();
        var created = await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);

        var user = await data.Accounts().CheckPasswordAsync("  ANN@Example.Com ", "long enough password", default);

        Assert.NotNull(user);
        Assert.Equal(created.Id, user.Id);
    }

    [Fact]
    public async Task WrongPasswordReturnsNull()
    {
        await using var data = await TestDatabase.CreateAsync();
        await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);

        Assert.Null(await data.Accounts().CheckPasswordAsync("ann@example.com", "Long enough password", default));
    }

    [Fact]
    public async Task UnknownEmailReturnsNull()
    {
        await using var data = await TestDatabase.CreateAsync();
        await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);

        Assert.Null(await data.Accounts().CheckPasswordAsync("bob@example.com", "long enough password", default));
    }

    [Fact]
    public async Task AnyUserIsFalseUntilTheFirstUserExists()
    {
        await using var data = await TestDatabase.CreateAsync();
        Assert.False(await data.Accounts().AnyUserAsync(default));

        await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);

        Assert.True(await data.Accounts().AnyUserAsync(default));
    }

    [Fact]
    public async Task FindUserReturnsTheUserOrNull()
    {
        await using var data = await TestDatabase.CreateAsync();
        var created = await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", true, default);

        var found = await data.Accounts().FindUserAsync(created.Id, default);

        Assert.NotNull(found);
        Assert.Equal("ann@example.com", found.Email);
        Assert.True(found.IsPlatformAdmin);
        Assert.Null(await data.Accounts().FindUserAsync(Guid.NewGuid(), default));
    }
}
