using Microsoft.EntityFrameworkCore;
using Strata.Core.Accounts;
using Strata.Core.Errors;

namespace Strata.Core.Tests.Accounts;

public sealed class BootstrapTests
{
    [Fact]
    public async Task AdministratorIsCreatedFromSettingsWhenThereAreNoUsers()
    {
        await using var data = await TestDatabase.CreateAsync();

        var created = await data.Bootstrap().EnsureAdministratorAsync("Admin@Example.com", "admin password", default);

        Assert.True(created);
        await using var db = data.NewContext();
        var admin = await db.Users.SingleAsync();
        Assert.True(admin.IsPlatformAdmin);
        Assert.Equal("Admin@Example.com", admin.Email);
        Assert.Equal("Admin", admin.Name);
        Assert.NotNull(await data.Accounts().CheckPasswordAsync("admin@example.com", "admin password", default));
    }

    [Fact]
    public async Task AdministratorIsNotCreatedWhenAUserExists()
    {
        await using var data = await TestDatabase.CreateAsync();
        await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);

        var created = await data.Bootstrap().EnsureAdministratorAsync("admin@example.com", "admin password", default);

        Assert.False(created);
        await using var db = data.NewContext();
        Assert.Equal(["ann@example.com"], await db.Users.Select(u => u.Email).ToListAsync());
    }

    [Fact]
    public async Task SecondStartWithTheSameSettingsCreatesNobody()
    {
        await using var data = await TestDatabase.CreateAsync();
        await data.Bootstrap().EnsureAdministratorAsync("admin@example.com", "admin password", default);

        Assert.False(await data.Bootstrap().EnsureAdministratorAsync("admin@example.com", "admin password", default));
    }

    [Theory]
    [InlineData(null, "admin password")]
    [InlineData("", "admin password")]
    [InlineData("  ", "admin password")]
    [InlineData("admin@example.com", null)]
    [InlineData("admin@example.com", "")]
    public async Task MissingSettingsCreateNobody(string? email, string? password)
    {
        await using var data = await TestDatabase.CreateAsync();

        var created = await data.Bootstrap().EnsureAdministratorAsync(email, password, default);

        Assert.False(created);
        Assert.False(await data.Accounts().AnyUserAsync(default));
    }

    [Theory]
    [InlineData("ann@example.com", "ann")]
    [InlineData(" First.Last@example.com ", "First.Last")]
    public void NameFromEmailIsTheLocalPart(string email, string expected)
    {
        Assert.Equal(expected, Bootstrap.NameFromEmail(email));
    }

    [Fact]
    public async Task SetupWithAValidSecretCreatesAnAdministratorAndConsumesTheSecret()
    {
        await using var data = await TestDatabase.CreateAsync();
        var setup = new SetupSecret();
        var secret = setup.Issue();

        var admin = await data.Bootstrap().CompleteSetupAsync(setup, secret, "root@example.com", "Root", "setup password", default);

        Assert.True(admin.IsPlatformAdmin);
        Assert.Equal("Root", admin.Name);
        Assert.False(setup.IsValid(secret));
        Assert.NotNull(await data.Accounts().CheckPasswordAsync("root@example.com", "setup password", default));
        var again = await Assert.ThrowsAsync<DomainException>(() =>
            data.Bootstrap().CompleteSetupAsync(setup, secret, "other@example.com", "Other", "setup password", default));
        Assert.Equal(ErrorCodes.NotFound, again.Code);
        await using var db = data.NewContext();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Theory]
    [InlineData("root@example.com", "Root", "short")]
    [InlineData("not an email", "Root", "setup password")]
    [InlineData("root@example.com", " ", "setup password")]
    public async Task SetupWithBadInputKeepsTheSecretUsable(string email, string name, string password)
    {
        await using var data = await TestDatabase.CreateAsync();
        var setup = new SetupSecret();
        var secret = setup.Issue();

        await Assert.ThrowsAsync<DomainException>(() => data.Bootstrap().CompleteSetupAsync(setup, secret, email, name, password, default));

        Assert.True(setup.IsValid(secret));
        Assert.False(await data.Accounts().AnyUserAsync(default));
        var admin = await data.Bootstrap().CompleteSetupAsync(setup, secret, "root@example.com", "Root", "setup password", default);
        Assert.True(admin.IsPlatformAdmin);
    }

    [Theory]
    [InlineData("")]
    [InlineData("setup_wrong")]
    public async Task SetupWithAWrongSecretIsNotFound(string wrong)
    {
        await using var data = await TestDatabase.CreateAsync();
        var setup = new SetupSecret();
        var secret = setup.Issue();

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Bootstrap().CompleteSetupAsync(setup, wrong, "root@example.com", "Root", "setup password", default));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
        Assert.True(setup.IsValid(secret));
        Assert.False(await data.Accounts().AnyUserAsync(default));
    }

    [Fact]
    public async Task SetupBeforeAnySecretIsIssuedIsNotFound()
    {
        await using var data = await TestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Bootstrap().CompleteSetupAsync(new SetupSecret(), "", "root@example.com", "Root", "setup password", default));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task SetupAfterAUserAppearedIsAConflictAndUsesUpTheSecret()
    {
        await using var data = await TestDatabase.CreateAsync();
        var setup = new SetupSecret();
        var secret = setup.Issue();
        await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Bootstrap().CompleteSetupAsync(setup, secret, "root@example.com", "Root", "setup password", default));

        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.False(setup.IsValid(secret));
    }

    [Fact]
    public void NewlyIssuedSecretReplacesTheOldOne()
    {
        var setup = new SetupSecret();
        var old = setup.Issue();

        var current = setup.Issue();

        Assert.StartsWith("setup_", current, StringComparison.Ordinal);
        Assert.False(setup.IsValid(old));
        Assert.True(setup.IsValid(current));
    }
}
