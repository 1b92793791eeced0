using System.Globalization;

namespace Strata.Server.Tests.Cli;

/// <summary><c>strata assignments</c> (API.md CLI table): create, hand in, collect, grades, grade and return from a terminal.</summary>
public sealed class AssignmentCommandTests
{
    [Fact]
    public async Task TheLoopRunsFromTheTerminalAndNamesResolveToAssignments()
    {
        await using var app = new StrataApp();
        using var admin = await CliCourse.CreateAsync(app, ("hw1/task.py", "print('todo')\n"), ("notes.md", "# Notes\n"));
        using var cli = new CliRunner(app);
        await cli.SignInAsync();
        foreach (var name in new[] { "Ann", "Bob" })
            Assert.Equal(0, (await cli.RunAsync(cli.Home, "instances", "create", "uni/physics", "--mode", "single", "--name", name)).Exit);
        var snapshot = (await cli.RunAsync(cli.Home, "snapshot", "uni/physics/master", "--json")).Json.GetProperty("id").GetString();
        var due = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

        var created = await cli.RunAsync(cli.Home, "assignments", "create", "uni/physics", "--name", "HW1", "--from", $"master@{snapshot}", "--paths", "hw1",
            "--all", "--due", due, "--late", "accept", "--json");
        Assert.True(created.Exit == 0, created.Error);
        Assert.Equal(2, created.Json.GetProperty("targets").GetInt32());
        Assert.Equal(2, (await cli.RunAsync(cli.Home, "assignments", "create", "uni/physics", "--name", "HW2", "--from", $"master@{snapshot}", "--due", due)).Exit);
        var list = await cli.RunAsync(cli.Home, "assignments", "list", "uni/physics");
        Assert.Contains("HW1", list.Out, StringComparison.Ordinal);

        for (var i = 0; i < 100 && !(await admin.GetAsync("/api/v1/orgs/uni/spaces/physics/instances/ann/states/current/files/hw1/task.py")).IsSuccessStatusCode; i++)
            await Task.Delay(50);
        var handIn = await cli.RunAsync(cli.Home, "assignments", "handin", "uni/physics/ann", "hw1", "--json");
        Assert.True(handIn.Exit == 0, handIn.Error);
        Assert.Equal("handin", handIn.Json.GetProperty("kind").GetString());
        var missing = await cli.RunAsync(cli.Home, "assignments", "handin", "uni/physics/ann", "HW9");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("strata assignments list uni/physics", missing.Error, StringComparison.Ordinal);

        var collected = await cli.RunAsync(cli.Home, "assignments", "collect", "uni/physics", "HW1", "--json");
        Assert.Equal(1, collected.Json.GetProperty("collected").GetInt32());
        Assert.Equal(0, (await cli.RunAsync(cli.Home, "assignments", "grade", "uni/physics/ann", "HW1", "--grade", "17/20", "--comment", "Nice.")).Exit);
        var refused = await cli.RunAsync(cli.Home, "assignments", "grade", "uni/physics/bob", "HW1", "--grade", " ");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("Give a grade", refused.Error, StringComparison.Ordinal);

        var grades = await cli.RunAsync(cli.Home, "assignments", "grades", "uni/physics", "HW1");
        Assert.Contains("17/20", grades.Out, StringComparison.Ordinal);
        Assert.Contains("(collected)", grades.Out, StringComparison.Ordinal);
        var file = cli.Folder("grades.csv");
        var exported = await cli.RunAsync(cli.Home, "assignments", "grades", "uni/physics", "HW1", "--csv", file);
        Assert.True(exported.Exit == 0, exported.Error);
        Assert.StartsWith("instance,members,handedInAt,late,grade,comment\r\nann,", File.ReadAllText(file), StringComparison.Ordinal);

        var returned = await cli.RunAsync(cli.Home, "assignments", "return", "uni/physics", "HW1", "--json");
        Assert.True(returned.Exit == 0, returned.Error);
        Assert.Equal("succeeded", returned.Json.GetProperty("status").GetString());
        Assert.Contains("17/20", await admin.GetStringAsync("/api/v1/orgs/uni/spaces/physics/instances/ann/states/current/files/feedback/HW1/grade.md"), StringComparison.Ordinal);
    }
}
