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
        var setup = new SetupSecret(data.NewContext(), data.Clock);
        var secret = await setup.IssueAsync(default);

        var admin = await data.Bootstrap().CompleteSetupAsync(setup, secret, "root@example.com", "Root", "setup password", default);

        Assert.True(admin.IsPlatformAdmin);
        Assert.Equal("Root", admin.Name);
        Assert.False(await setup.IsValidAsync(secret, default));
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
        var setup = new SetupSecret(data.NewContext(), data.Clock);
        var secret = await setup.IssueAsync(default);

        await Assert.ThrowsAsync<DomainException>(() => data.Bootstrap().CompleteSetupAsync(setup, secret, email, name, password, default));

        Assert.True(await setup.IsValidAsync(secret, default));
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
        var setup = new SetupSecret(data.NewContext(), data.Clock);
        var secret = await setup.IssueAsync(default);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Bootstrap().CompleteSetupAsync(setup, wrong, "root@example.com", "Root", "setup password", default));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
        Assert.True(await setup.IsValidAsync(secret, default));
        Assert.False(await data.Accounts().AnyUserAsync(default));
    }

    [Fact]
    public async Task SetupBeforeAnySecretIsIssuedIsNotFound()
    {
        await using var data = await TestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Bootstrap().CompleteSetupAsync(new SetupSecret(data.NewContext(), data.Clock), "", "root@example.com", "Root", "setup password", default));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task SetupAfterAUserAppearedIsAConflictAndUsesUpTheSecret()
    {
        await using var data = await TestDatabase.CreateAsync();
        var setup = new SetupSecret(data.NewContext(), data.Clock);
        var secret = await setup.IssueAsync(default);
        await data.Accounts().CreateUserAsync("ann@example.com", "Ann", "long enough password", false, default);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            data.Bootstrap().CompleteSetupAsync(setup, secret, "root@example.com", "Root", "setup password", default));

        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.False(await setup.IsValidAsync(secret, default));
    }

    [Fact]
    public async Task EveryPrintedLinkWorksOnAnyNodeUntilAnAdministratorExists()
    {
        await using var data = await TestDatabase.CreateAsync();
        var first = await new SetupSecret(data.NewContext(), data.Clock).IssueAsync(default);
        var second = await new SetupSecret(data.NewContext(), data.Clock).IssueAsync(default);
        var elsewhere = new SetupSecret(data.NewContext(), data.Clock);

        Assert.StartsWith("setup_", second, StringComparison.Ordinal);
        Assert.True(await elsewhere.IsValidAsync(first, default));
        Assert.True(await elsewhere.IsValidAsync(second, default));
        await data.Bootstrap().CompleteSetupAsync(elsewhere, second, "root@example.com", "Root", "setup password", default);

        Assert.False(await elsewhere.IsValidAsync(first, default));
        Assert.False(await elsewhere.IsValidAsync(second, default));
        await using var db = data.NewContext();
        Assert.Empty(await db.SetupLinks.ToListAsync());
    }
}
