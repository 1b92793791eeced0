using System.Net;

namespace Strata.Server.Tests.Cli;

/// <summary>The strata commands other than sync, against a server in memory: output, --json and exit codes.</summary>
public sealed class CommandTests
{
    [Fact]
    public async Task LoginAsksForThePasswordOnStdinAndKeepsTheTokenPrivate()
    {
        await using var app = new StrataApp();
        using var cli = new CliRunner(app);

        var login = await cli.RunWithInputAsync(cli.Home, StrataApp.AdminPassword + "\n", "login", "--server", "http://localhost", "--email", StrataApp.AdminEmail);

        Assert.True(login.Exit == 0, login.Error);
        Assert.Contains($"Signed in to http://localhost/ as {StrataApp.AdminEmail}", login.Out, StringComparison.Ordinal);
        var config = Path.Combine(cli.ConfigDirectory, "config.json");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        var token = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config)).RootElement.GetProperty("token").GetString()!;
        var whoami = await cli.RunAsync(cli.Home, "whoami", "--json");
        Assert.Equal(StrataApp.AdminEmail, whoami.Json.GetProperty("email").GetString());
        Assert.DoesNotContain(token, login.Out + login.Error + whoami.Out + whoami.Error, StringComparison.Ordinal);

        var wrong = await cli.RunWithInputAsync(cli.Home, "wrong password\n", "login", "--email", StrataApp.AdminEmail);
        Assert.Equal(1, wrong.Exit);
        Assert.NotEmpty(wrong.Error);
        cli.Variables["STRATA_TOKEN"] = "revoked-or-made-up";
        var refused = await cli.RunAsync(cli.Home, "whoami");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("strata login", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongUsageExitsTwoAndARefusalOneWithTheServersSentence()
    {
        await using var app = new StrataApp();
        using var admin = await CliCourse.CreateAsync(app);
        using var cli = new CliRunner(app);
        await cli.SignInAsync();

        Assert.Equal(2, (await cli.RunAsync(cli.Home, "snapshot")).Exit);
        Assert.Equal(2, (await cli.RunAsync(cli.Home, "push", "--no-such-option")).Exit);
        Assert.Equal(2, (await cli.RunAsync(cli.Home, "snapshots", "uni/physics")).Exit);
        var missing = await cli.RunAsync(cli.Home, "snapshots", "uni/physics/nobody");
        Assert.Equal(1, missing.Exit);
        Assert.NotEmpty(missing.Error);
        Assert.Empty(missing.Out);
    }

    [Fact]
    public async Task FilesGoUpAndComeDownAndSnapshotsAreTakenListedComparedAndRestored()
    {
        await using var app = new StrataApp();
        using var admin = await CliCourse.CreateAsync(app, ("week1/sheet.md", "# Sheet\n"));
        using var cli = new CliRunner(app);
        await cli.SignInAsync();
        var folder = Directory.CreateDirectory(cli.Folder("upload")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.txt"), "a\n");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "sub", "b.txt"), "b\n");

        var snapshot = await cli.RunAsync(cli.Home, "snapshot", "uni/physics/master", "--name", "Before", "--json");
        Assert.Equal(0, snapshot.Exit);
        var id = snapshot.Json.GetProperty("id").GetString()!;
        Assert.Equal(0, (await cli.RunAsync(cli.Home, "put", folder, "uni/physics/master/handout")).Exit);
        Assert.Equal("b\n", await admin.GetStringAsync($"{CliCourse.Master}/files/handout/sub/b.txt"));
        Assert.Equal(0, (await cli.RunAsync(cli.Home, "put", Path.Combine(folder, "a.txt"), "uni/physics/master/top.txt")).Exit);
        Assert.Equal("a\n", await admin.GetStringAsync($"{CliCourse.Master}/files/top.txt"));

        var list = await cli.RunAsync(cli.Home, "ls", "uni/physics/master/handout");
        Assert.Contains("sub/", list.Out, StringComparison.Ordinal);
        Assert.Contains("a.txt", list.Out, StringComparison.Ordinal);
        Assert.Contains("master", (await cli.RunAsync(cli.Home, "ls", "uni/physics")).Out, StringComparison.Ordinal);
        var diff = await cli.RunAsync(cli.Home, "diff", "uni/physics/master", "--json");
        Assert.Contains(diff.Json.GetProperty("changes").EnumerateArray(), c => c.GetProperty("path").GetString() == "handout/sub/b.txt" && c.GetProperty("change").GetString() == "added");
        var snapshots = await cli.RunAsync(cli.Home, "snapshots", "uni/physics/master", "--json");
        Assert.Equal(id, snapshots.Json[0].GetProperty("id").GetString());

        var got = await cli.RunAsync(cli.Home, "get", "uni/physics/master/handout", cli.Folder("down"));
        Assert.Equal(0, got.Exit);
        Assert.Equal("b\n", File.ReadAllText(Path.Combine(cli.Folder("down"), "sub", "b.txt")));
        Assert.Equal(0, (await cli.RunAsync(cli.Home, "get", "uni/physics/master/week1/sheet.md")).Exit);
        Assert.Equal("# Sheet\n", File.ReadAllText(Path.Combine(cli.Home, "sheet.md")));

        Assert.Equal(0, (await cli.RunAsync(cli.Home, "restore", "uni/physics/master", id)).Exit);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{CliCourse.Master}/files/handout")).StatusCode);
    }

    [Fact]
    public async Task ADistributionIsWaitedForAndStorageMaintenanceReportsItsRun()
    {
        await using var app = new StrataApp();
        using var admin = await CliCourse.CreateAsync(app, ("week1/sheet.md", "# Sheet\n"));
        using var cli = new CliRunner(app);
        await cli.SignInAsync();
        Assert.Equal(0, (await cli.RunAsync(cli.Home, "instances", "create", "uni/physics", "--mode", "single", "--name", "Ann")).Exit);
        var snapshot = (await cli.RunAsync(cli.Home, "snapshot", "uni/physics/master", "--json")).Json.GetProperty("id").GetString();

        var distributed = await cli.RunAsync(cli.Home, "distribute", "uni/physics", "--from", $"master@{snapshot}", "--to", "ann", "--json");
        Assert.True(distributed.Exit == 0, distributed.Error);
        Assert.Equal("succeeded", distributed.Json.GetProperty("status").GetString());
        Assert.Equal("# Sheet\n", await admin.GetStringAsync("/api/v1/orgs/uni/spaces/physics/instances/ann/states/current/files/week1/sheet.md"));
        Assert.Equal(2, (await cli.RunAsync(cli.Home, "distribute", "uni/physics", "--from", $"master@{snapshot}")).Exit);

        var fsck = await cli.RunAsync(cli.Home, "admin", "fsck", "--json");
        Assert.True(fsck.Exit == 0, fsck.Error);
        Assert.Equal("succeeded", fsck.Json.GetProperty("status").GetString());
        var gc = await cli.RunAsync(cli.Home, "admin", "gc", "--dry-run");
        Assert.True(gc.Exit == 0, gc.Error);
        Assert.Contains("would go", gc.Out, StringComparison.Ordinal);
    }
}
