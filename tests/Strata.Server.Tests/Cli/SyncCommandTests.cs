using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Cli;

/// <summary>clone, status, push and pull against a server in memory (SPEC §11, API.md "CLI").</summary>
public sealed class SyncCommandTests
{
    [Fact]
    public async Task ChangesPushedFromOneCloneArePulledIntoAnother()
    {
        await using var app = new StrataApp();
        using var admin = await CliCourse.CreateAsync(app, ("week1/sheet.md", "# Sheet 1\n"), ("data/old.csv", "a,b\n"));
        using var cli = new CliRunner(app);
        await cli.SignInAsync();
        Assert.Equal(0, (await cli.RunAsync(cli.Home, "clone", "uni/physics/master", "a")).Exit);
        Assert.Equal(0, (await cli.RunAsync(cli.Home, "clone", "uni/physics/master", "b")).Exit);
        var (a, b) = (cli.Folder("a"), cli.Folder("b"));
        Assert.Equal("# Sheet 1\n", File.ReadAllText(Path.Combine(a, "week1", "sheet.md")));

        File.WriteAllText(Path.Combine(a, "week1", "sheet.md"), "# Sheet 1, fixed\n");
        File.WriteAllText(Path.Combine(a, "notes.txt"), "new\n");
        Directory.Delete(Path.Combine(a, "data"), recursive: true);
        Directory.CreateDirectory(Path.Combine(a, "empty"));
        var status = await cli.RunAsync(a, "status", "--json");
        Assert.Equal(0, status.Exit);
        Assert.Equal(["notes.txt"], status.Json.GetProperty("added").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.Equal(["week1/sheet.md"], status.Json.GetProperty("modified").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.False(status.Json.GetProperty("remoteMoved").GetBoolean());

        var pushed = await cli.RunAsync(a, "push", "--json");
        Assert.True(pushed.Exit == 0, pushed.Error);
        Assert.Equal("# Sheet 1, fixed\n", await admin.GetStringAsync($"{CliCourse.Master}/files/week1/sheet.md"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{CliCourse.Master}/files/data")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{CliCourse.Master}/files/empty")).StatusCode);
        Assert.True((await cli.RunAsync(b, "status", "--json")).Json.GetProperty("remoteMoved").GetBoolean());

        var pulled = await cli.RunAsync(b, "pull", "--json");
        Assert.Equal(0, pulled.Exit);
        Assert.Equal(["data/old.csv", "notes.txt", "week1/sheet.md"], pulled.Json.GetProperty("updated").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("# Sheet 1, fixed\n", File.ReadAllText(Path.Combine(b, "week1", "sheet.md")));
        Assert.False(Directory.Exists(Path.Combine(b, "data")));
        Assert.True(Directory.Exists(Path.Combine(b, "empty")));
        var again = await cli.RunAsync(b, "pull");
        Assert.Contains("Already up to date", again.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing to push", (await cli.RunAsync(b, "push")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APushRefusesWhenTheRemoteMovedAndChangesNothing()
    {
        await using var app = new StrataApp();
        using var course = await CliCourse.ClonedAsync(app, ("a.txt", "one\n"));
        var (admin, cli, mine) = (course.Admin, course.Cli, course.Folder);
        (await admin.PutAsync($"{CliCourse.Master}/files/a.txt", new StringContent("theirs\n"))).EnsureSuccessStatusCode();
        File.WriteAllText(Path.Combine(mine, "a.txt"), "mine\n");

        var pushed = await cli.RunAsync(mine, "push");

        Assert.Equal(1, pushed.Exit);
        Assert.Contains("strata pull", pushed.Error, StringComparison.Ordinal);
        Assert.Equal("theirs\n", await admin.GetStringAsync($"{CliCourse.Master}/files/a.txt"));
    }

    [Fact]
    public async Task APullKeepsALocalEditAndPutsTheRemoteVersionBesideIt()
    {
        await using var app = new StrataApp();
        using var course = await CliCourse.ClonedAsync(app, ("report.md", "draft\n"), ("other.txt", "x\n"));
        var (admin, cli, mine) = (course.Admin, course.Cli, course.Folder);
        (await admin.PutAsync($"{CliCourse.Master}/files/report.md", new StringContent("theirs\n"))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{CliCourse.Master}/files/other.txt", new StringContent("y\n"))).EnsureSuccessStatusCode();
        File.WriteAllText(Path.Combine(mine, "report.md"), "mine\n");

        var pulled = await cli.RunAsync(mine, "pull", "--json");

        Assert.Equal(0, pulled.Exit);
        var conflict = Assert.Single(pulled.Json.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(("report.md", "report (remote).md"), (conflict.GetProperty("path").GetString(), conflict.GetProperty("remoteCopy").GetString()));
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(mine, "report.md")));
        Assert.Equal("theirs\n", File.ReadAllText(Path.Combine(mine, "report (remote).md")));
        Assert.Equal("y\n", File.ReadAllText(Path.Combine(mine, "other.txt")));
        var status = (await cli.RunAsync(mine, "status", "--json")).Json;
        Assert.Equal(["report.md"], status.GetProperty("modified").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.False(status.GetProperty("remoteMoved").GetBoolean());
    }

    /// <summary>The connection drops before the batch lands: the remote is untouched, and the next push sends no content again.</summary>
    [Fact]
    public async Task AnInterruptedPushLeavesTheRemoteAloneAndTheNextSendsOnlyWhatIsMissing()
    {
        await using var app = new StrataApp();
        using var course = await CliCourse.ClonedAsync(app, ("a.txt", "one\n"));
        var (admin, cli, mine) = (course.Admin, course.Cli, course.Folder);
        for (var i = 0; i < 5; i++)
            File.WriteAllText(Path.Combine(mine, $"new{i}.bin"), new string((char)('a' + i), 10_000));
        var before = await admin.GetFromJsonAsync<JsonElement>($"{CliCourse.Master}/manifest");

        cli.Handler = () => new Interfere(request => request.RequestUri!.AbsolutePath.EndsWith("/changes", StringComparison.Ordinal)
            ? throw new HttpRequestException("connection reset by peer") : null);
        var cut = await cli.RunAsync(mine, "push");
        Assert.Equal(1, cut.Exit);
        Assert.Contains("Cannot reach the server", cut.Error, StringComparison.Ordinal);
        Assert.Equal(before.GetProperty("version").GetInt64(), (await admin.GetFromJsonAsync<JsonElement>($"{CliCourse.Master}/manifest")).GetProperty("version").GetInt64());

        var uploads = 0;
        cli.Handler = () => new Interfere(request =>
        {
            if (IsUpload(request))
                Interlocked.Increment(ref uploads);
            return null;
        });
        var resumed = await cli.RunAsync(mine, "push", "--json");
        Assert.True(resumed.Exit == 0, resumed.Error);
        Assert.Equal(0, uploads);
        Assert.Equal(new string('c', 10_000), await admin.GetStringAsync($"{CliCourse.Master}/files/new2.bin"));
    }

    [Fact]
    public async Task CtrlCDuringAPushStopsItSaysSoAndLeavesTheRemoteAlone()
    {
        await using var app = new StrataApp();
        using var course = await CliCourse.ClonedAsync(app, ("a.txt", "one\n"));
        var (admin, cli, mine) = (course.Admin, course.Cli, course.Folder);
        File.WriteAllText(Path.Combine(mine, "b.txt"), "two\n");
        var before = (await admin.GetFromJsonAsync<JsonElement>($"{CliCourse.Master}/manifest")).GetProperty("version").GetInt64();
        cli.Handler = () => new Interfere(request =>
        {
            if (IsUpload(request))
                cli.Stop.Cancel();
            return null;
        });

        var stopped = await cli.RunAsync(mine, "push");

        Assert.Equal(1, stopped.Exit);
        Assert.Contains("Stopped", stopped.Error, StringComparison.Ordinal);
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonElement>($"{CliCourse.Master}/manifest")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task AFileThatChangesWhileItIsSentIsNotCommitted()
    {
        await using var app = new StrataApp();
        using var course = await CliCourse.ClonedAsync(app, ("a.txt", "one\n"));
        var (admin, cli, mine) = (course.Admin, course.Cli, course.Folder);
        File.WriteAllText(Path.Combine(mine, "moving.txt"), "as hashed\n");
        cli.Handler = () => new Interfere(request =>
        {
            if (IsUpload(request))
                File.WriteAllText(Path.Combine(mine, "moving.txt"), "written meanwhile\n");
            return null;
        });

        var pushed = await cli.RunAsync(mine, "push");

        Assert.Equal(1, pushed.Exit);
        Assert.Contains("moving.txt changed while it was being sent", pushed.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{CliCourse.Master}/files/moving.txt")).StatusCode);
    }

    [Fact]
    public async Task NamesTheServerWouldRefuseAreReportedBeforeAnythingIsSentAndLinksAreSkipped()
    {
        await using var app = new StrataApp();
        using var course = await CliCourse.ClonedAsync(app, ("a.txt", "one\n"));
        var (admin, cli, mine) = (course.Admin, course.Cli, course.Folder);
        File.WriteAllText(Path.Combine(mine, "bad\u0001name.txt"), "x");
        File.WriteAllText(Path.Combine(mine, "fine.txt"), "x");
        var sent = 0;
        cli.Handler = () => new Interfere(request =>
        {
            if (request.Method != HttpMethod.Get)
                Interlocked.Increment(ref sent);
            return null;
        });

        var refused = await cli.RunAsync(mine, "push");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("bad\u0001name.txt", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, sent);

        File.Delete(Path.Combine(mine, "bad\u0001name.txt"));
        File.CreateSymbolicLink(Path.Combine(mine, "link.txt"), Path.Combine(mine, "fine.txt"));
        File.WriteAllText(Path.Combine(mine, ".strataignore"), "*.log\n");
        File.WriteAllText(Path.Combine(mine, "debug.log"), "noise");
        var pushed = await cli.RunAsync(mine, "push");
        Assert.True(pushed.Exit == 0, pushed.Error);
        Assert.Contains("link.txt: a symbolic link, skipped", pushed.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{CliCourse.Master}/files/link.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{CliCourse.Master}/files/debug.log")).StatusCode);
        Assert.Equal("x", await admin.GetStringAsync($"{CliCourse.Master}/files/fine.txt"));
    }

    /// <summary>Content on its way: a pack (POST …/contents) or one large file (PUT …/contents/{hash}).</summary>
    private static bool IsUpload(HttpRequestMessage request) =>
        request.Method == HttpMethod.Put || (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/contents", StringComparison.Ordinal));

    /// <summary>Runs <c>act</c> on each request before it is sent; a thrown exception stands for a network failure.</summary>
    private sealed class Interfere(Func<HttpRequestMessage, object?> act) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            act(request);
            return base.SendAsync(request, ct);
        }
    }
}
