using System.Net.Http.Json;
using System.Text.Json;
using Strata.Cli;

namespace Strata.Server.Tests.Cli;

/// <summary>Runs the strata command in this process against a server in memory, with its own config folder and output.</summary>
internal sealed class CliRunner(StrataApp app) : IDisposable
{
    public string Home { get; } = Directory.CreateTempSubdirectory("strata-cli-").FullName;

    public Dictionary<string, string> Variables { get; } = [];

    /// <summary>Wraps every request the CLI sends (to count, fail or interfere with them).</summary>
    public Func<DelegatingHandler>? Handler { get; set; }

    /// <summary>Stands for Ctrl-C: cancelling it stops the running command.</summary>
    public CancellationTokenSource Stop { get; } = new();

    public string ConfigDirectory => Path.Combine(Home, "config");

    public async Task<Run> RunWithInputAsync(string directory, string? input, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var env = new CliEnvironment(output, error, new StringReader(input ?? ""), directory, ConfigDirectory,
            name => Variables.GetValueOrDefault(name),
            server => Handler is { } handler ? app.CreateDefaultClient(server, handler()) : app.CreateDefaultClient(server), IsTerminal: false);
        var exit = await CliApp.RunAsync(args, env, Stop.Token);
        return new Run(exit, output.ToString(), error.ToString());
    }

    public Task<Run> RunAsync(string directory, params string[] args) => RunWithInputAsync(directory, null, args);

    /// <summary>Signs in as the administrator with a token made through the API.</summary>
    public async Task SignInAsync(string email = StrataApp.AdminEmail, string password = StrataApp.AdminPassword)
    {
        var token = (await app.CreateTokenAsync(email, password)).Token;
        var run = await RunAsync(Home, "login", "--server", "http://localhost", "--token", token);
        Assert.Equal(0, run.Exit);
    }

    public string Folder(string name) => Path.Combine(Home, name);

    public void Dispose()
    {
        Stop.Dispose();
        Directory.Delete(Home, recursive: true);
    }

    public sealed record Run(int Exit, string Out, string Error)
    {
        public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Out);
    }
}

/// <summary>A course "uni/physics" with files in Master, made through the API.</summary>
internal static class CliCourse
{
    public const string Master = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current";

    public static async Task<HttpClient> CreateAsync(StrataApp app, params (string Path, string Text)[] files)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        foreach (var (path, text) in files)
            (await admin.PutAsync($"{Master}/files/{path}", new StringContent(text))).EnsureSuccessStatusCode();
        return admin;
    }

    /// <summary>The course, the CLI signed in as its administrator, and a clone of Master in "mine".</summary>
    public static async Task<ClonedCourse> ClonedAsync(StrataApp app, params (string Path, string Text)[] files)
    {
        var admin = await CreateAsync(app, files);
        var cli = new CliRunner(app);
        await cli.SignInAsync();
        Assert.Equal(0, (await cli.RunAsync(cli.Home, "clone", "uni/physics/master", "mine")).Exit);
        return new ClonedCourse(admin, cli, cli.Folder("mine"));
    }
}

internal sealed record ClonedCourse(HttpClient Admin, CliRunner Cli, string Folder) : IDisposable
{
    public void Dispose()
    {
        Admin.Dispose();
        Cli.Dispose();
    }
}
