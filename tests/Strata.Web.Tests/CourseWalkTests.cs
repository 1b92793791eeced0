using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>
/// The course as real users walk it in a real browser: an administrator sets up a course, gives three
/// students instances with content from a Master snapshot, invites a viewer, snapshots with every seed
/// field, distributes an update with merge; a student accepts the emailed invitation, edits, snapshots
/// and restores. Screenshots of the main pages go to the test output's screenshots folder.
/// </summary>
public sealed class CourseWalkTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static BrowserNewContextOptions Laptop(string baseUrl) => new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } };

    [Fact]
    public async Task ATeacherRunsACourseAndAStudentWorksInIt()
    {
        await using var server = new WebServer();
        await using var teacherContext = await chromium.Browser.NewContextAsync(Laptop(server.BaseUrl));
        var page = await teacherContext.NewPageAsync();

        // Sign in, then an organisation and a course space.
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(WebServer.AdminEmail);
        await page.GetByLabel("Password").FillAsync(WebServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome" })).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Example University");
        await page.GetByLabel("Short name for links").FillAsync("uni");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Example University", Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Physics 101");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create space" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Physics 101" })).ToBeVisibleAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Master and Distributed");
        await ShotAsync(page, "space-empty");

        // Course material into Master, with a progress-bar upload, then a detailed snapshot (seed 002).
        await page.GetByRole(AriaRole.Link, new() { Name = "Master" }).ClickAsync();
        await page.Locator("input[name=upload]").SetInputFilesAsync(
        [
            new FilePayload { Name = "sheet1.md", MimeType = "text/markdown", Buffer = "# Sheet 1\nSolve it.\n"u8.ToArray() },
            new FilePayload { Name = "data.csv", MimeType = "text/csv", Buffer = "x,y\n1,2\n"u8.ToArray() },
        ]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "sheet1.md", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("tr", new() { HasText = "sheet1.md" }).Locator(".dot.new")).ToHaveCountAsync(1);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Week 1");
        await page.Locator("#add-snapshot").GetByLabel("Description", new() { Exact = true }).FillAsync("First sheet");
        await page.GetByLabel("Description of the next work phase").FillAsync("Second sheet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add snapshot" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Week 1" })).ToBeVisibleAsync();
        await Expect(page.Locator(".state-description")).ToHaveTextAsync("First sheet");
        await ShotAsync(page, "snapshot");

        // Three students in separate instances, each starting from the Week 1 snapshot (seed 000).
        await page.GetByRole(AriaRole.Link, new() { Name = "Physics 101" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Add new instance" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "With content" }).ClickAsync();
        await page.GetByLabel("Instance", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Master" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Snapshot: Week 1" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show objects" }).ClickAsync();
        await Expect(page.GetByLabel("sheet1.md")).ToBeVisibleAsync();
        await page.GetByLabel("Emails").FillAsync("ann@example.org, bob@example.org; cleo@example.org");
        await ShotAsync(page, "add-instance");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Instance" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Created 3 instances");
        foreach (var student in new[] { "ann", "bob", "cleo" })
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = student, Exact = true })).ToBeVisibleAsync();
        await ShotAsync(page, "space");

        // A viewer for Ann's instance (seed 001).
        await page.GetByRole(AriaRole.Link, new() { Name = "Course users" }).ClickAsync();
        await page.GetByLabel("Invite to", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "the instance ann" });
        await page.GetByLabel("As", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "viewers (may read)" });
        await page.GetByLabel("Emails").FillAsync("victor@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Invited victor@example.org");
        await Expect(page.Locator("tr", new() { HasText = "victor@example.org" })).ToContainTextAsync("viewer of ann");
        await ShotAsync(page, "course-users");

        // The organisation page: a faculty member invited, the changes so far in the audit log.
        await page.GotoAsync("/orgs/uni");
        await page.GetByLabel("Emails").FillAsync("dean@example.org");
        await page.GetByLabel("As", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "faculty (may create spaces)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Invited dean@example.org as faculty");
        await Expect(page.Locator("section[aria-labelledby=org-invite]")).ToContainTextAsync("dean@example.org");
        await Expect(page.Locator("section[aria-labelledby=audit]")).ToContainTextAsync("space Physics 101");
        await ShotAsync(page, "organisation");

        // The teacher corrects the sheet, compares, snapshots Week 2 and distributes it with merge.
        await page.GotoAsync("/orgs/uni/spaces/physics_101/instances/master");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit sheet1.md" }).ClickAsync();
        await page.GetByLabel("Editing sheet1.md").FillAsync("# Sheet 1\nSolve it carefully.\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Saved \"sheet1.md\"");
        await Expect(page.Locator("tr", new() { HasText = "sheet1.md" }).Locator(".dot.changed")).ToHaveCountAsync(1);
        await ShotAsync(page, "instance");
        await page.GetByRole(AriaRole.Link, new() { Name = "Week 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "sheet1.md", Exact = true }).Last.ClickAsync();
        // From the current state back to Week 1: the correction is taken out, the old line comes back.
        await Expect(page.Locator("pre.diff .deleted")).ToHaveTextAsync("-Solve it carefully.");
        await Expect(page.Locator("pre.diff .added")).ToHaveTextAsync("+Solve it.");
        await ShotAsync(page, "compare");
        await page.GotoAsync("/orgs/uni/spaces/physics_101/instances/master");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Week 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add snapshot" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Week 2" })).ToBeVisibleAsync();

        await page.GotoAsync("/orgs/uni/spaces/physics_101/distribute");
        await page.GetByLabel("Instance", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Master" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Snapshot: Week 2" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show objects" }).ClickAsync();
        await page.GetByLabel("All instances").CheckAsync();
        await Expect(page.GetByLabel("Merge")).ToBeCheckedAsync();
        await page.GetByLabel("Email the editors of each target").CheckAsync();
        await page.GetByLabel("Message for the email").FillAsync("Sheet 1 was corrected.");
        await ShotAsync(page, "distribute");
        await page.GetByRole(AriaRole.Button, new() { Name = "Distribute" }).ClickAsync();
        await Expect(page.Locator("h1 .tag")).ToHaveTextAsync("succeeded", new() { Timeout = 20_000 });
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("tr", new() { HasText = "distributed" })).ToContainTextAsync("succeeded");
        await ShotAsync(page, "distribution");

        // Ann accepts her invitation from the email link, creating her account.
        await using var studentContext = await chromium.Browser.NewContextAsync(Laptop(server.BaseUrl));
        var ann = await studentContext.NewPageAsync();
        await ann.GotoAsync(await server.InvitationLinkAsync("ann@example.org"));
        await Expect(ann.GetByRole(AriaRole.Main)).ToContainTextAsync("ann@example.org");
        await ann.GetByLabel("Your name").FillAsync("Ann");
        await ann.GetByLabel("Password (at least 8 characters)").FillAsync("ann's password");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Create account and accept" }).ClickAsync();
        await Expect(ann.Locator("p.notice")).ToContainTextAsync("Invitation accepted");
        await ann.GetByRole(AriaRole.Link, new() { Name = "Physics 101" }).ClickAsync();
        await Expect(ann.GetByRole(AriaRole.Link, new() { Name = "+ Add new instance" })).ToHaveCountAsync(0);
        await ann.GetByRole(AriaRole.Link, new() { Name = "ann", Exact = true }).ClickAsync();

        // She got the corrected sheet (merge updated what she had not touched), edits it, snapshots.
        await ann.GetByRole(AriaRole.Link, new() { Name = "Edit sheet1.md" }).ClickAsync();
        await Expect(ann.GetByLabel("Editing sheet1.md")).ToHaveValueAsync("# Sheet 1\nSolve it carefully.\n");
        await ann.GetByLabel("Editing sheet1.md").FillAsync("# Sheet 1\nSolve it carefully.\nMy answer: 42\n");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await ann.GetByRole(AriaRole.Button, new() { Name = "Quick snapshot" }).ClickAsync();
        await Expect(ann.Locator("h1 .tag")).ToHaveTextAsync("quick");
        await ann.GetByRole(AriaRole.Link, new() { Name = "ann", Exact = true }).ClickAsync();

        // A slip: the answer is deleted; the snapshot brings it back.
        await ann.GetByRole(AriaRole.Link, new() { Name = "Delete sheet1.md" }).ClickAsync();
        await ann.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(ann.GetByRole(AriaRole.Link, new() { Name = "sheet1.md", Exact = true })).ToHaveCountAsync(0);
        await ann.Locator("ol.timeline a").First.ClickAsync();
        await ann.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Expect(ann.Locator("p.notice")).ToContainTextAsync("Restored everything into ann");
        await Expect(ann.GetByRole(AriaRole.Link, new() { Name = "sheet1.md", Exact = true })).ToBeVisibleAsync();
        await Expect(ann.Locator("ol.timeline")).ToContainTextAsync("Before restoring");
        var copy = ann.Locator("details", new() { Has = ann.Locator("summary[aria-label='Copy sheet1.md']") });
        await copy.Locator("summary").ClickAsync();
        await Expect(copy.GetByLabel("Copy to")).ToHaveValueAsync("sheet1 (1).md");
        await copy.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true }).ClickAsync();
        await Expect(ann.GetByRole(AriaRole.Link, new() { Name = "sheet1 (1).md", Exact = true })).ToBeVisibleAsync();
        await ann.GetByText("Edit details").ClickAsync();
        await ann.GetByLabel("Current work").FillAsync("Working on exercise 2");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Expect(ann.Locator(".state-description")).ToContainTextAsync("Working on exercise 2");
        await Expect(ann.GetByRole(AriaRole.Button, new() { Name = "Delete instance" })).ToHaveCountAsync(0);
        await ShotAsync(ann, "student-instance");

        // On a phone the same page stays readable.
        await ann.SetViewportSizeAsync(390, 844);
        await ShotAsync(ann, "student-instance-phone");
    }

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, name + ".png"), FullPage = true });
}
