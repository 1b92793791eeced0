using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>
/// A forgotten password reset through the emailed link, and a platform administrator disabling an
/// account on the users page. Screenshots go to the screenshots folder.
/// </summary>
public sealed partial class AccountRecoveryTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Ann = "ann@example.org";

    [Fact]
    public async Task AForgottenPasswordIsResetThroughTheEmailedLink()
    {
        await using var server = new WebServer();
        await CreateAnnAsync(server);
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(Ann);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("If an account exists for that address, we sent it a link");
        await Shot(page, "forgot-password.png");

        await page.GotoAsync(await server.LinkAsync(Ann, ResetLink()));
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(Ann);
        await page.GetByLabel("New password (at least 8 characters)").FillAsync("ann's new password");
        await page.GetByLabel("New password again").FillAsync("ann's new password");
        await Shot(page, "reset-password.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your new password is set");
        await Shot(page, "signin-after-reset.png");
        await page.GetByLabel("Email").FillAsync(Ann);
        await page.GetByLabel("Password").FillAsync("ann's new password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Ann Lee" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnAdministratorDisablesAnAccountOnTheUsersPageAndItsSessionEnds()
    {
        await using var server = new WebServer();
        await CreateAnnAsync(server, withRoles: true);
        await using var annContext = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var annPage = await annContext.NewPageAsync();
        await WebSession.SignInAsync(annPage, Ann, "ann's password");
        await Expect(annPage.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Ann Lee" })).ToBeVisibleAsync();
        await using var adminContext = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var admin = await adminContext.NewPageAsync();
        await WebSession.SignInAsync(admin);

        await admin.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await admin.GetByLabel("Search").FillAsync("LEE");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Shot(admin, "admin-users.png");
        await admin.GetByRole(AriaRole.Link, new() { Name = Ann }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Row, new() { Name = "Uni organisation faculty" })).ToBeVisibleAsync();
        await Shot(admin, "admin-user.png");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Disable account" }).ClickAsync();

        await Expect(admin.Locator("p.notice")).ToContainTextAsync($"{Ann} is disabled");
        await Expect(admin.GetByRole(AriaRole.Main)).ToContainTextAsync("This account is disabled since");
        await Expect(admin.GetByRole(AriaRole.Main)).ToContainTextAsync("user.disabled by admin@example.org");
        await Shot(admin, "admin-user-disabled.png");

        await annPage.ReloadAsync();
        await Expect(annPage).ToHaveURLAsync(new Regex("/signin"));
        await WebSession.SignInAsync(annPage, Ann, "ann's password");
        await Expect(annPage.GetByRole(AriaRole.Alert)).ToContainTextAsync("This account has been disabled by a platform administrator");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Enable account" }).ClickAsync();
        await Expect(admin.Locator("p.notice")).ToContainTextAsync("enabled again");
        await WebSession.SignInAsync(annPage, Ann, "ann's password");
        await Expect(annPage.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Ann Lee" })).ToBeVisibleAsync();
    }

    private static async Task CreateAnnAsync(WebServer server, bool withRoles = false)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var ann = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(Ann, "Ann Lee", "ann's password", false, default);
        if (!withRoles)
            return;
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
        var org = new Organisation { Slug = "uni", Name = "Uni" };
        db.Organisations.Add(org);
        db.OrgMembers.Add(new OrgMember { OrgId = org.Id, UserId = ann.Id, Role = OrgRole.Faculty });
        await db.SaveChangesAsync();
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, name), FullPage = true });

    [GeneratedRegex(@"https?://\S+/reset-password/reset_[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();
}
