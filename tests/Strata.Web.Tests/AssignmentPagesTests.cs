using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using static Microsoft.Playwright.Assertions;

namespace Strata.Web.Tests;

/// <summary>
/// The teaching loop in the browser (SPEC §12): a teacher in Paris creates an assignment from a Master snapshot for three
/// students; Ann hands in twice, Bob after the deadline thanks to an extension, Cat not at all; the teacher collects,
/// grades with feedback files going from one submission to the next ungraded, and hands back; each student finds only
/// their own grade and feedback.
/// </summary>
public sealed class AssignmentPagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public async Task ATeacherHandsOutCollectsGradesAndHandsBackAndEachStudentSeesOnlyTheirOwn()
    {
        await using var server = new WebServer();
        using var api = await WebSession.AdminApiAsync(server);
        foreach (var (path, text) in new[] { ("hw1/task.py", "def fit():\n    return None\n"), ("hw1/data.csv", "x,y\n1,2\n"), ("notes.md", "# Notes\n") })
            (await api.PutAsync($"{Space}/instances/master/states/current/files/{path}", new StringContent(text))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"{Space}/instances/master/snapshots", new { name = "Week 1" })).EnsureSuccessStatusCode();
        foreach (var student in new[] { "Ann", "Bob", "Cat" })
            (await api.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = student })).EnsureSuccessStatusCode();
        await AddStudentsAsync(server);

        await using var teacherContext = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, TimezoneId = "Europe/Paris" });
        var teacher = await teacherContext.NewPageAsync();
        teacher.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await WebSession.SignInAsync(teacher);
        await teacher.GotoAsync("/orgs/uni/spaces/physics");
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Create an assignment" }).First.ClickAsync();
        await teacher.GetByLabel("Instance").SelectOptionAsync(new SelectOptionValue { Label = "Master" });
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await teacher.GetByLabel("State").SelectOptionAsync(new SelectOptionValue { Label = "Snapshot: Week 1" });
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Show objects" }).ClickAsync();
        await teacher.GetByLabel("📁 hw1").CheckAsync();
        await teacher.GetByLabel("Name").FillAsync("HW1");
        await teacher.GetByLabel("Description").FillAsync("Fit the data in hw1/data.csv.");
        await Expect(teacher.Locator("[data-timezone-name]")).ToHaveTextAsync("Europe/Paris");
        var due = DateTimeOffset.UtcNow.AddDays(2);
        await teacher.GetByLabel("Due").FillAsync(ParisWallClock(due));
        await Shot(teacher, "assignment-create.png");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Create and hand out" }).ClickAsync();
        await Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = "HW1", Exact = true })).ToBeVisibleAsync();
        await Expect(teacher.Locator("p.notice")).ToContainTextAsync("being handed out to 3 instances");
        var assignment = (await api.GetFromJsonAsync<JsonElement>($"{Space}/assignments"))[0];
        Assert.Equal(due.ToUnixTimeSeconds() / 60, assignment.GetProperty("dueAt").GetDateTimeOffset().ToUnixTimeSeconds() / 60); // the Paris wall clock meant this moment
        var id = assignment.GetProperty("id").GetString()!;
        await FinishedAsync(api, $"{Space}/distributions/{assignment.GetProperty("handout").GetString()}");

        // Ann hands in, edits, hands in again: the receipt names the time and links to the frozen files.
        await using var annContext = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var ann = await annContext.NewPageAsync();
        await WebSession.SignInAsync(ann, "ann@uni.edu", "ann's password");
        await ann.GotoAsync("/orgs/uni/spaces/physics/instances/ann");
        var panel = ann.GetByRole(AriaRole.Region, new() { Name = "Assignments" });
        await Expect(panel).ToContainTextAsync("Not handed in yet.");
        await panel.GetByRole(AriaRole.Link, new() { Name = "Hand in" }).ClickAsync();
        await Expect(ann.Locator("ul.files-list")).ToContainTextAsync("hw1/task.py");
        await Expect(ann.Locator("ul.files-list")).Not.ToContainTextAsync("notes.md");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Hand in these files" }).ClickAsync();
        await Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "Handed in" })).ToBeVisibleAsync();
        using var annApi = await ApiAsAsync(server, "ann@uni.edu", "ann's password");
        (await annApi.PutAsync($"{Space}/instances/ann/states/current/files/hw1/task.py", new StringContent("def fit():\n    return 42\n"))).EnsureSuccessStatusCode();
        await ann.GotoAsync("/orgs/uni/spaces/physics/instances/ann");
        await panel.GetByRole(AriaRole.Link, new() { Name = "Hand in" }).ClickAsync();
        await ann.GetByRole(AriaRole.Button, new() { Name = "Hand in these files" }).ClickAsync();
        await Expect(ann.Locator("section.receipt")).ToContainTextAsync("nobody can change it");
        await Shot(ann, "assignment-receipt.png");
        await ann.GetByRole(AriaRole.Link, new() { Name = "See the frozen hand-in" }).ClickAsync();
        await Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "Hand-in: HW1" })).ToBeVisibleAsync();

        // Bob gets an extension; the deadline moves into the past: Ann's button is gone, Bob can still hand in, not late.
        var submissions = $"/orgs/uni/spaces/physics/assignments/{id}/submissions";
        await teacher.GotoAsync($"{submissions}/bob");
        await teacher.GetByLabel("Own deadline").FillAsync(ParisWallClock(DateTimeOffset.UtcNow.AddDays(3)));
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Save extension" }).ClickAsync();
        await Expect(teacher.Locator("p.notice")).ToContainTextAsync("Extended to");
        await teacher.GotoAsync($"/orgs/uni/spaces/physics/assignments/{id}");
        await teacher.Locator("#settings summary").ClickAsync();
        await teacher.GetByLabel("Move the deadline").FillAsync(ParisWallClock(DateTimeOffset.UtcNow.AddMinutes(-2)));
        await teacher.Locator("#settings").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(teacher.Locator("p.notice")).ToContainTextAsync("saved");

        await ann.GotoAsync("/orgs/uni/spaces/physics/instances/ann");
        await Expect(panel).ToContainTextAsync("The Hand in button is gone because the deadline has passed");
        await Expect(panel.GetByRole(AriaRole.Link, new() { Name = "Hand in" })).ToHaveCountAsync(0);
        await Shot(ann, "assignment-closed.png");
        await using var bobContext = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var bob = await bobContext.NewPageAsync();
        await WebSession.SignInAsync(bob, "bob@uni.edu", "bob's password");
        await bob.GotoAsync("/orgs/uni/spaces/physics/instances/bob");
        await Expect(bob.GetByRole(AriaRole.Region, new() { Name = "Assignments" })).ToContainTextAsync("(extended)");
        await bob.GetByRole(AriaRole.Region, new() { Name = "Assignments" }).GetByRole(AriaRole.Link, new() { Name = "Hand in" }).ClickAsync();
        await bob.GetByRole(AriaRole.Button, new() { Name = "Hand in these files" }).ClickAsync();
        await Expect(bob.Locator("section.receipt")).Not.ToContainTextAsync("marked late");

        // The deadline passed: the server collects Cat's work on its own (Collect now finds nothing left), then the
        // teacher grades from submission to submission, with feedback files.
        await teacher.GotoAsync($"/orgs/uni/spaces/physics/assignments/{id}");
        var counts = teacher.GetByRole(AriaRole.List, new() { Name = "Counts" });
        for (var i = 0; i < 100 && !(await counts.InnerTextAsync()).Contains("1 collected", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            await teacher.ReloadAsync();
        }
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Collect now" }).ClickAsync();
        await Expect(teacher.Locator("p.notice")).ToContainTextAsync("nothing to collect");
        await Expect(counts).ToContainTextAsync("2 handed in");
        await Expect(counts).ToContainTextAsync("0 late");
        await Expect(counts).ToContainTextAsync("1 collected");
        await Expect(counts).ToContainTextAsync("0 missing");
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Collected (1)" }).ClickAsync();
        await Expect(teacher.Locator("table.submissions tbody tr")).ToHaveCountAsync(1);
        await Expect(teacher.Locator("table.submissions tbody")).ToContainTextAsync("Cat");
        await teacher.GetByLabel("Student").FillAsync("bob@uni");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(teacher.Locator("table.submissions tbody tr")).ToHaveCountAsync(0);
        await teacher.GotoAsync($"/orgs/uni/spaces/physics/assignments/{id}");
        await Shot(teacher, "assignment-submissions.png");

        await teacher.GetByRole(AriaRole.Link, new() { Name = "Ann", Exact = true }).ClickAsync();
        await Expect(teacher.Locator("ul.changes")).ToContainTextAsync("hw1/task.py");
        await Expect(teacher.Locator("pre.diff")).ToContainTextAsync("+    return 42");
        await teacher.Keyboard.PressAsync("n");
        await Expect(teacher).ToHaveURLAsync(new Regex($"{submissions}/bob$"));
        await teacher.GoBackAsync();
        await teacher.GetByLabel("Or write a note").FillAsync("Well done, Ann: see line 2.");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Save note" }).ClickAsync();
        await Expect(teacher.GetByRole(AriaRole.Region, new() { Name = "Feedback files" })).ToContainTextAsync("notes.md");
        await teacher.Locator("input[name=grade]").FillAsync("17/20");
        await teacher.GetByLabel("Comment").FillAsync("Nice fit.");
        await Shot(teacher, "assignment-grading.png");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Save and next ungraded" }).ClickAsync();
        await Expect(teacher).ToHaveURLAsync(new Regex($"{submissions}/bob$"));
        await teacher.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bob-review.md", MimeType = "text/markdown", Buffer = "Bob: check units."u8.ToArray() });
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(teacher.GetByRole(AriaRole.Region, new() { Name = "Feedback files" })).ToContainTextAsync("bob-review.md");
        await teacher.Locator("input[name=grade]").FillAsync("15/20");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Save and next ungraded" }).ClickAsync();
        await Expect(teacher).ToHaveURLAsync(new Regex($"{submissions}/cat$"));
        await teacher.Locator("input[name=grade]").FillAsync("5/20");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Save grade" }).ClickAsync();
        await Expect(teacher.Locator("p.notice")).ToContainTextAsync("Grade of Cat saved.");

        await teacher.GotoAsync($"/orgs/uni/spaces/physics/assignments/{id}");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Hand back selected" }).ClickAsync();
        await Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = "Hand-back of feedback" })).ToBeVisibleAsync();
        for (var i = 0; i < 100 && !(await teacher.Locator("h1").InnerTextAsync()).Contains("succeeded", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            await teacher.ReloadAsync();
        }
        await Expect(teacher.Locator("h1")).ToContainTextAsync("succeeded");

        // Each student: their own grade and feedback, nobody else's.
        await ann.GotoAsync("/orgs/uni/spaces/physics/instances/ann");
        await panel.GetByRole(AriaRole.Link, new() { Name = "open feedback/HW1/" }).ClickAsync();
        var files = ann.Locator("table.files");
        await Expect(files).ToContainTextAsync("grade.md");
        await Expect(files).ToContainTextAsync("notes.md");
        await Expect(files).Not.ToContainTextAsync("bob-review.md");
        await Shot(ann, "assignment-feedback.png");
        Assert.Contains("17/20", await annApi.GetStringAsync($"{Space}/instances/ann/states/current/files/feedback/HW1/grade.md"), StringComparison.Ordinal);
        using var notBobs = await annApi.GetAsync($"{Space}/instances/bob/states/current/files/feedback/HW1/grade.md");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, notBobs.StatusCode);
        using var bobApi = await ApiAsAsync(server, "bob@uni.edu", "bob's password");
        var bobGrade = await bobApi.GetStringAsync($"{Space}/instances/bob/states/current/files/feedback/HW1/grade.md");
        Assert.Contains("15/20", bobGrade, StringComparison.Ordinal);
        Assert.DoesNotContain("17/20", bobGrade, StringComparison.Ordinal);
        Assert.Equal("Bob: check units.", await bobApi.GetStringAsync($"{Space}/instances/bob/states/current/files/feedback/HW1/bob-review.md"));
        using var noNotes = await bobApi.GetAsync($"{Space}/instances/bob/states/current/files/feedback/HW1/notes.md");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, noNotes.StatusCode);
    }

    /// <summary>What a browser in Paris types into a datetime-local field for this moment.</summary>
    private static string ParisWallClock(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Paris).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static async Task AddStudentsAsync(WebServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        foreach (var name in new[] { "ann", "bob", "cat" })
        {
            var user = await accounts.CreateUserAsync($"{name}@uni.edu", name, $"{name}'s password", false, default);
            db.InstanceMembers.Add(new InstanceMember { InstanceId = db.Instances.Single(i => i.Slug == name).Id, UserId = user.Id, Role = InstanceRole.Editor });
        }
        await db.SaveChangesAsync();
    }

    private static async Task<HttpClient> ApiAsAsync(WebServer server, string email, string password)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email, password });
        response.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return client;
    }

    private static async Task FinishedAsync(HttpClient api, string distribution)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await api.GetFromJsonAsync<JsonElement>(distribution)).GetProperty("status").GetString() is not ("queued" or "running"))
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException("The hand-out did not finish.");
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, name), FullPage = true });
}
