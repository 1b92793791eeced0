using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Strata.Server.Tests.Assignments.AssignmentWorld;

namespace Strata.Server.Tests.Assignments;

/// <summary>API.md "Assignments": every row of the table and every error code, as the roles of SPEC §12 see them.</summary>
public sealed class AssignmentsApiTests
{
    [Fact]
    public async Task CreatingAnAssignmentHandsItOutByMergeAndEmailsTheStudents()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        (await world.Admin.PutAsync($"{Space}/instances/ann/states/current/files/hw1/task.py", new StringContent("ann's start"))).EnsureSuccessStatusCode();
        var due = world.Clock.GetUtcNow().AddDays(7);

        using var response = await world.Admin.PostAsJsonAsync(Base, new
        {
            name = "HW1", description = "Fit the data.", source = new { instance = "master", state = world.Snapshot, paths = new[] { "hw1" } },
            targets = new { all = true }, dueAt = due, late = "accept",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"{Base}/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("HW1", created.GetProperty("name").GetString());
        Assert.Equal("Fit the data.", created.GetProperty("description").GetString());
        Assert.Equal(["hw1"], created.GetProperty("source").GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("accept", created.GetProperty("late").GetString());
        Assert.Equal(due, created.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(4, created.GetProperty("targets").GetInt32()); // all regular instances: ann, bob, cat, dan
        Assert.Equal((0, 0, 0), (created.GetProperty("handedIn").GetInt32(), created.GetProperty("graded").GetInt32(), created.GetProperty("returned").GetInt32()));
        Assert.Equal(StrataApp.AdminEmail, created.GetProperty("createdBy").GetString());

        var handout = await world.FinishedAsync($"{Space}/distributions/{created.GetProperty("handout").GetString()}");
        Assert.Equal("succeeded", handout.GetProperty("status").GetString());
        Assert.Equal("merge", handout.GetProperty("strategy").GetString());
        Assert.Equal("ann's start", await world.Admin.GetStringAsync($"{Space}/instances/ann/states/current/files/hw1/task.py"));
        Assert.Equal("x,y\n1,2\n", await world.Admin.GetStringAsync($"{Space}/instances/bob/states/current/files/hw1/data.csv"));
        using var notes = await world.Admin.GetAsync($"{Space}/instances/bob/states/current/files/notes.md");
        Assert.Equal(HttpStatusCode.NotFound, notes.StatusCode);
        Assert.Contains(await Mailbox.TextsAsync(world.App, "bob@uni.edu"), text => text.Contains("Assignment \"HW1\", due", StringComparison.Ordinal));
        Assert.Contains("assignment.created", await world.Admin.GetStringAsync("/api/v1/orgs/uni/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdministratorsSeeEveryAssignmentAndStudentsOnlyThoseGivenToThem()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var assignment = await world.CreateAsync();
        var id = assignment.GetProperty("id").GetString()!;

        (await world.HandInAsync("bob", id, "bob")).EnsureSuccessStatusCode();
        Assert.Equal(1, Assert.Single((await world.Admin.GetFromJsonAsync<JsonElement>(Base)).EnumerateArray()).GetProperty("handedIn").GetInt32());
        var annSees = Assert.Single((await world.As("ann").GetFromJsonAsync<JsonElement>(Base)).EnumerateArray());
        Assert.Equal((3, 0), (annSees.GetProperty("targets").GetInt32(), annSees.GetProperty("handedIn").GetInt32())); // nothing of classmates
        Assert.Empty((await world.As("dan").GetFromJsonAsync<JsonElement>(Base)).EnumerateArray());
        Assert.Empty((await world.As("vic").GetFromJsonAsync<JsonElement>(Base)).EnumerateArray()); // API.md: editors of a target
        Assert.Equal("HW1", (await world.As("vic").GetFromJsonAsync<JsonElement>($"{Base}/{id}")).GetProperty("name").GetString());
        await Problem.AssertAsync(await world.As("dan").GetAsync($"{Base}/{id}"), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await world.As("ann").GetAsync($"{Base}/{id}/submissions"), HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(await world.As("ann").PatchAsJsonAsync($"{Base}/{id}", new { name = "Mine" }), HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(await world.As("ann").GetAsync($"{Base}/{id}/grades.csv"), HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(await world.As("ann").PostAsJsonAsync($"{Base}/{id}/collect", new { }), HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(await world.As("ann").GetAsync($"{Base}/{id}/submissions/ann/feedback/files"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task BadCreationsAreRefusedWithTheirCodesAndCreateNothing()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        await world.CreateAsync();
        object Body(string name = "HW2", object? dueAt = null, string late = "refuse", string[]? paths = null, string[]? targets = null) => new
        {
            name, source = new { instance = "master", state = world.Snapshot, paths = paths ?? ["hw1"] },
            targets = new { instances = targets ?? ["ann"] }, dueAt = dueAt ?? world.Clock.GetUtcNow().AddDays(1), late,
        };

        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base, Body(name: "a/b")), HttpStatusCode.BadRequest, "invalid_name");
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base, Body(name: "..")), HttpStatusCode.BadRequest, "invalid_name");
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base, Body(name: new string('x', 101))), HttpStatusCode.BadRequest, "invalid_name");
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base, Body(name: "hw1")), HttpStatusCode.Conflict, "name_taken");
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base, Body(dueAt: world.Clock.GetUtcNow().AddMinutes(-1))), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base, Body(late: "sometimes")), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base, Body(paths: ["hw9"])), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base, Body(targets: ["master"])), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base, Body(targets: ["nobody"])), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync(Base,
            new { name = "HW3", source = new { instance = "master", state = world.Snapshot }, targets = new { all = true } }), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await world.As("ann").PostAsJsonAsync(Base, Body()), HttpStatusCode.Forbidden, "forbidden");

        Assert.Single((await world.Admin.GetFromJsonAsync<JsonElement>(Base)).EnumerateArray());
        Assert.Single((await world.Admin.GetFromJsonAsync<JsonElement>($"{Space}/distributions")).EnumerateArray());

        // The longest name and description fit, also on PostgreSQL: the hand-out email's message is cut to what a distribution holds.
        using var longest = await world.Admin.PostAsJsonAsync(Base, new
        {
            name = new string('n', 100), description = new string('d', 4000), source = new { instance = "master", state = world.Snapshot, paths = new[] { "hw1" } },
            targets = new { instances = new[] { "ann" } }, dueAt = world.Clock.GetUtcNow().AddDays(1),
        });
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [Theory]
    [InlineData("9999-12-31T23:59", "America/New_York")]
    [InlineData("0001-01-01T00:00", "Europe/Berlin")]
    [InlineData("tomorrow", "UTC")]
    public void ADeadlineTypedOnAPageThatNoCalendarHoldsIsRefusedInWords(string local, string zone)
    {
        var refused = Assert.Throws<Core.Errors.DomainException>(() => Strata.Server.Pages.Assignments.NewAssignmentModel.DueAt(local, zone));
        Assert.Equal("invalid_request", refused.Code);
    }

    [Fact]
    public async Task AHandInFreezesOnlyTheAssignmentsPathsAndCountsItsChanges()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync()).GetProperty("id").GetString()!;
        var ann = world.As("ann");
        (await ann.PutAsync($"{Space}/instances/ann/states/current/files/hw1/task.py", new StringContent("print(42)"))).EnsureSuccessStatusCode();
        (await ann.PutAsync($"{Space}/instances/ann/states/current/files/hw1/plot.png", new StringContent("png"))).EnsureSuccessStatusCode();
        (await ann.PutAsync($"{Space}/instances/ann/states/current/files/private.txt", new StringContent("not for grading"))).EnsureSuccessStatusCode();

        using var response = await world.HandInAsync("ann", id, "ann");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var handIn = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("ann", "handin", false), (handIn.GetProperty("instance").GetString(), handIn.GetProperty("kind").GetString(), handIn.GetProperty("late").GetBoolean()));
        Assert.Equal(["hw1"], handIn.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        var snapshot = handIn.GetProperty("snapshot");
        Assert.Equal("handin", snapshot.GetProperty("type").GetString());
        Assert.Equal($"{Space}/instances/ann/snapshots/{snapshot.GetProperty("id").GetString()}", response.Headers.Location!.OriginalString);
        var frozen = await ann.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/states/{snapshot.GetProperty("id").GetString()}/files");
        Assert.Equal(["hw1"], frozen.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("print(42)", await ann.GetStringAsync($"{Space}/instances/ann/states/{snapshot.GetProperty("id").GetString()}/files/hw1/task.py"));
        Assert.Contains((await ann.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/snapshots")).EnumerateArray(),
            s => s.GetProperty("type").GetString() == "handin");

        var submissions = await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions");
        Assert.Equal(["ann", "bob", "cat"], submissions.EnumerateArray().Select(s => s.GetProperty("instance").GetString()));
        var annSubmission = submissions[0];
        // The instance's editors: its student, and the administrator who created it.
        Assert.Equal(["admin@example.com", "ann@uni.edu"], annSubmission.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(handIn.GetProperty("id").GetString(), annSubmission.GetProperty("handIn").GetProperty("id").GetString());
        var changes = annSubmission.GetProperty("changes");
        Assert.Equal((1, 1, 0), (changes.GetProperty("added").GetInt32(), changes.GetProperty("modified").GetInt32(), changes.GetProperty("deleted").GetInt32()));
        Assert.Equal(JsonValueKind.Null, submissions[1].GetProperty("handIn").ValueKind);
        Assert.Equal(1, (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}")).GetProperty("handedIn").GetInt32());
    }

    [Fact]
    public async Task StudentsHandInAgainUntilTheDeadlineAndTheLatestCounts()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync()).GetProperty("id").GetString()!;
        var first = await (await world.HandInAsync("ann", id, "ann")).Content.ReadFromJsonAsync<JsonElement>();
        world.Clock.Advance(TimeSpan.FromHours(1));
        (await world.As("ann").PutAsync($"{Space}/instances/ann/states/current/files/hw1/task.py", new StringContent("v2"))).EnsureSuccessStatusCode();
        var second = await (await world.HandInAsync("ann", id, "ann")).Content.ReadFromJsonAsync<JsonElement>();

        var list = await world.As("vic").GetFromJsonAsync<JsonElement>($"{Base}/{id}/handins?instance=ann");
        Assert.Equal([second.GetProperty("id").GetString(), first.GetProperty("id").GetString()], list.EnumerateArray().Select(h => h.GetProperty("id").GetString()));
        var submission = (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions"))[0];
        Assert.Equal(second.GetProperty("id").GetString(), submission.GetProperty("handIn").GetProperty("id").GetString());
    }

    [Fact]
    public async Task OnlyEditorsOfTheTargetHandInAndAnIncompleteHandInNamesWhatIsMissing()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync(paths: ["hw1/task.py", "hw1/data.csv"])).GetProperty("id").GetString()!;

        await Problem.AssertAsync(await world.HandInAsync("vic", id, "ann"), HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(await world.HandInAsync("bob", id, "ann"), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await world.HandInAsync("dan", id, "dan"), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await world.As("bob").GetAsync($"{Base}/{id}/handins?instance=ann"), HttpStatusCode.NotFound, "not_found");

        (await world.As("ann").DeleteAsync($"{Space}/instances/ann/states/current/files/hw1/data.csv")).EnsureSuccessStatusCode();
        var problem = await Problem.AssertAsync(await world.HandInAsync("ann", id, "ann"), HttpStatusCode.Conflict, "handin_incomplete");
        Assert.Equal(["hw1/data.csv"], problem.GetProperty("missing").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("hw1/data.csv", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await world.As("ann").GetFromJsonAsync<JsonElement>($"{Base}/{id}/handins?instance=ann")).EnumerateArray());
        Assert.DoesNotContain((await world.As("ann").GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/snapshots")).EnumerateArray(),
            s => s.GetProperty("type").GetString() == "handin");
    }

    [Fact]
    public async Task AfterTheDeadlineHandInsAreRefusedUnlessExtendedOrLateOnesAreAccepted()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync(dueIn: TimeSpan.FromHours(2))).GetProperty("id").GetString()!;
        var extension = await world.Admin.PutAsJsonAsync($"{Base}/{id}/extensions/bob", new { dueAt = world.Clock.GetUtcNow().AddHours(4) });
        Assert.Equal(HttpStatusCode.OK, extension.StatusCode);
        await Problem.AssertAsync(await world.As("bob").PutAsJsonAsync($"{Base}/{id}/extensions/bob", new { dueAt = world.Clock.GetUtcNow().AddDays(9) }),
            HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(await world.Admin.PutAsJsonAsync($"{Base}/{id}/extensions/dan", new { dueAt = world.Clock.GetUtcNow() }),
            HttpStatusCode.NotFound, "not_found");

        world.Clock.Advance(TimeSpan.FromHours(3));
        var closed = await Problem.AssertAsync(await world.HandInAsync("ann", id, "ann"), HttpStatusCode.Conflict, "assignment_closed");
        Assert.Contains("extension", closed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var extended = await world.HandInAsync("bob", id, "bob");
        Assert.Equal(HttpStatusCode.Created, extended.StatusCode);
        Assert.False((await extended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("late").GetBoolean());
        var bob = (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions"))[1];
        Assert.Equal(world.Clock.GetUtcNow().AddHours(1), bob.GetProperty("dueAt").GetDateTimeOffset());

        world.Clock.Advance(TimeSpan.FromHours(2));
        await Problem.AssertAsync(await world.HandInAsync("bob", id, "bob"), HttpStatusCode.Conflict, "assignment_closed");

        (await world.Admin.PatchAsJsonAsync($"{Base}/{id}", new { late = "accept" })).EnsureSuccessStatusCode();
        using var late = await world.HandInAsync("ann", id, "ann");
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.True((await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("late").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.DeleteAsync($"{Base}/{id}/extensions/bob")).StatusCode);
        Assert.Equal(world.Clock.GetUtcNow().AddHours(-3), (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions"))[1].GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task CollectingFreezesEveryTargetWithoutAHandInOnce()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync()).GetProperty("id").GetString()!;
        (await world.HandInAsync("ann", id, "ann")).EnsureSuccessStatusCode();
        (await world.As("bob").PutAsync($"{Space}/instances/bob/states/current/files/hw1/task.py", new StringContent("bob's half"))).EnsureSuccessStatusCode();

        var collected = await (await world.Admin.PostAsJsonAsync($"{Base}/{id}/collect", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, collected.GetProperty("collected").GetInt32());
        var again = await (await world.Admin.PostAsJsonAsync($"{Base}/{id}/collect", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("collected").GetInt32());

        var submissions = await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions");
        Assert.Equal(["handin", "collected", "collected"], submissions.EnumerateArray().Select(s => s.GetProperty("handIn").GetProperty("kind").GetString()));
        var bob = submissions[1].GetProperty("handIn").GetProperty("snapshot").GetProperty("id").GetString();
        Assert.Equal("bob's half", await world.Admin.GetStringAsync($"{Space}/instances/bob/states/{bob}/files/hw1/task.py"));
        Assert.Equal(1, submissions[1].GetProperty("changes").GetProperty("modified").GetInt32());
    }

    [Fact]
    public async Task GradesCommentsAndTheCsvExport()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync()).GetProperty("id").GetString()!;
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        (await world.HandInAsync("ann", id, "ann")).EnsureSuccessStatusCode();

        using var graded = await world.Admin.PutAsJsonAsync($"{Base}/{id}/submissions/ann/grade", new { grade = "17/20", comment = "Good fit, \"nice\" plot,\nsee notes." });
        Assert.Equal(HttpStatusCode.OK, graded.StatusCode);
        var submission = await graded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("ann", "17/20"), (submission.GetProperty("instance").GetString(), submission.GetProperty("grade").GetString()));
        (await world.Admin.PutAsJsonAsync($"{Base}/{id}/submissions/cat/grade", new { grade = "=HYPERLINK(\"x\")" })).EnsureSuccessStatusCode();
        await Problem.AssertAsync(await world.Admin.PutAsJsonAsync($"{Base}/{id}/submissions/bob/grade", new { grade = " " }), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await world.Admin.PutAsJsonAsync($"{Base}/{id}/submissions/bob/grade", new { grade = new string('9', 101) }), HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(await world.Admin.PutAsJsonAsync($"{Base}/{id}/submissions/dan/grade", new { grade = "1" }), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(2, (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}")).GetProperty("graded").GetInt32());

        using var csv = await world.Admin.GetAsync($"{Base}/{id}/grades.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var at = world.Clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            "instance,members,handedInAt,late,grade,comment\r\n" +
            $"ann,admin@example.com;ann@uni.edu,{at},false,17/20,\"Good fit, \"\"nice\"\" plot,\nsee notes.\"\r\n" +
            "bob,admin@example.com;bob@uni.edu,,,,\r\n" +
            "cat,admin@example.com;cat@uni.edu,,,\"'=HYPERLINK(\"\"x\"\")\",\r\n",
            await csv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FeedbackFilesAreWrittenPerStudentByGradersOnly()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync()).GetProperty("id").GetString()!;
        var feedback = $"{Base}/{id}/submissions/ann/feedback/files";

        using var put = await world.Admin.PutAsync($"{feedback}/review/notes.md", new StringContent("Well done."));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("Well done.", await world.Admin.GetStringAsync($"{feedback}/review/notes.md"));
        var root = await world.Admin.GetFromJsonAsync<JsonElement>(feedback);
        Assert.Equal(["review"], root.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Empty((await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions/bob/feedback/files")).GetProperty("entries").EnumerateArray());
        await Problem.AssertAsync(await world.As("ann").PutAsync($"{feedback}/mine.md", new StringContent("A+")), HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(await world.As("ann").GetAsync($"{feedback}/review/notes.md"), HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(await world.Admin.GetAsync($"{feedback}/nothing.md"), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await world.Admin.PutAsync($"{Base}/{id}/submissions/dan/feedback/files/x.md", new StringContent("x")), HttpStatusCode.NotFound, "not_found");

        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.DeleteAsync($"{feedback}/review")).StatusCode);
        Assert.Empty((await world.Admin.GetFromJsonAsync<JsonElement>(feedback)).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task HandBackDeliversEachStudentOnlyTheirOwnGradeAndFeedback()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync()).GetProperty("id").GetString()!;
        (await world.HandInAsync("ann", id, "ann")).EnsureSuccessStatusCode();
        (await world.Admin.PutAsJsonAsync($"{Base}/{id}/submissions/ann/grade", new { grade = "17/20", comment = "Nice plot." })).EnsureSuccessStatusCode();
        (await world.Admin.PutAsJsonAsync($"{Base}/{id}/submissions/cat/grade", new { grade = "12/20" })).EnsureSuccessStatusCode();
        (await world.Admin.PutAsync($"{Base}/{id}/submissions/ann/feedback/files/annotated.py", new StringContent("# see line 3"))).EnsureSuccessStatusCode();
        (await world.Admin.PutAsync($"{Base}/{id}/submissions/cat/feedback/files/cat-only.md", new StringContent("for cat"))).EnsureSuccessStatusCode();
        await Problem.AssertAsync(await world.As("ann").PostAsJsonAsync($"{Base}/{id}/return", new { }), HttpStatusCode.Forbidden, "forbidden");

        using var response = await world.Admin.PostAsJsonAsync($"{Base}/{id}/return", new { });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"{Space}/distributions/{job.GetProperty("id").GetString()}", response.Headers.Location!.OriginalString);
        Assert.Equal(2, job.GetProperty("progress").GetProperty("total").GetInt32());
        var done = await world.FinishedAsync(response.Headers.Location.OriginalString);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());

        var ann = world.As("ann");
        var grade = await ann.GetStringAsync($"{Space}/instances/ann/states/current/files/feedback/HW1/grade.md");
        Assert.Contains("17/20", grade, StringComparison.Ordinal);
        Assert.Contains("Nice plot.", grade, StringComparison.Ordinal);
        Assert.Equal("# see line 3", await ann.GetStringAsync($"{Space}/instances/ann/states/current/files/feedback/HW1/annotated.py"));
        var annFeedback = await ann.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/states/current/files/feedback/HW1");
        Assert.Equal(["annotated.py", "grade.md"], annFeedback.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Contains("12/20", await world.As("cat").GetStringAsync($"{Space}/instances/cat/states/current/files/feedback/HW1/grade.md"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await world.As("bob").GetAsync($"{Space}/instances/bob/states/current/files/feedback")).StatusCode);
        Assert.Contains((await ann.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/snapshots")).EnumerateArray(), s => s.GetProperty("type").GetString() == "auto");
        Assert.Contains(await Mailbox.TextsAsync(world.App, "ann@uni.edu"), text => text.Contains("handed back your grade and feedback on \"HW1\"", StringComparison.Ordinal));

        var submissions = await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}/submissions");
        Assert.Equal([true, false, true], submissions.EnumerateArray().Select(s => s.GetProperty("returnedAt").ValueKind != JsonValueKind.Null));
        Assert.Equal(2, (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}")).GetProperty("returned").GetInt32());

        using var one = await world.Admin.PostAsJsonAsync($"{Base}/{id}/return", new { instances = new[] { "bob" } });
        Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);
        await world.FinishedAsync(one.Headers.Location!.OriginalString);
        Assert.Contains("not graded", await world.As("bob").GetStringAsync($"{Space}/instances/bob/states/current/files/feedback/HW1/grade.md"), StringComparison.Ordinal);
        await Problem.AssertAsync(await world.Admin.PostAsJsonAsync($"{Base}/{id}/return", new { instances = new[] { "dan" } }), HttpStatusCode.NotFound, "not_found");
        using var blank = await world.Admin.PostAsJsonAsync($"{Base}/{id}/return", new { instances = new string?[] { null, " " } });
        Assert.Equal(HttpStatusCode.Accepted, blank.StatusCode); // no instance named: every graded one, as with none
    }

    [Fact]
    public async Task HandInsAreKeptFromStudentsAndOutliveTheirAssignment()
    {
        await using var world = await AssignmentWorld.CreateAsync();
        var id = (await world.CreateAsync()).GetProperty("id").GetString()!;
        var handIn = await (await world.HandInAsync("ann", id, "ann")).Content.ReadFromJsonAsync<JsonElement>();
        var snapshot = handIn.GetProperty("snapshot").GetProperty("id").GetString();

        await Problem.AssertAsync(await world.As("ann").DeleteAsync($"{Space}/instances/ann/snapshots/{snapshot}"), HttpStatusCode.Forbidden, "forbidden");
        (await world.Admin.PatchAsJsonAsync($"{Base}/{id}", new { name = "Homework 1", description = "Renamed." })).EnsureSuccessStatusCode();
        await Problem.AssertAsync(await world.Admin.PatchAsJsonAsync($"{Base}/{id}", new { name = "x/y" }), HttpStatusCode.BadRequest, "invalid_name");
        Assert.Equal("Homework 1", (await world.Admin.GetFromJsonAsync<JsonElement>($"{Base}/{id}")).GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.DeleteAsync($"{Base}/{id}")).StatusCode);
        await Problem.AssertAsync(await world.Admin.GetAsync($"{Base}/{id}"), HttpStatusCode.NotFound, "not_found");
        Assert.Equal("handin", (await world.As("ann").GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/snapshots/{snapshot}")).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.DeleteAsync($"{Space}/instances/ann/snapshots/{snapshot}")).StatusCode);
    }
}
