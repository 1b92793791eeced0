using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Strata.Server.Tests.Nodes;

namespace Strata.Server.Tests.Cli;

/// <summary>
/// The strata tool as a user gets it — packed, installed with `dotnet tool install`, run as its own process — against
/// a real server process: log in, clone, edit, push, pull from a second clone, a conflict, and a push killed midway.
/// </summary>
public sealed class PackedToolTests
{
    [Fact]
    public async Task ThePackedToolSyncsTwoClonesThroughARealServer()
    {
        var work = Directory.CreateTempSubdirectory("strata-tool-").FullName;
        try
        {
            var tool = await InstallAsync(work);
            await using var node = await NodeProcess.StartAsync($"Data Source={Path.Combine(work, "strata.db")}", Path.Combine(work, "content"));
            var token = await node.CreateTokenAsync();
            using (var admin = node.Client(token))
            {
                (await admin.PostAsJsonAsync("api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
                (await admin.PostAsJsonAsync("api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
                (await admin.PutAsync("api/v1/orgs/uni/spaces/physics/instances/master/states/current/files/sheet.md", new StringContent("# Sheet\n"))).EnsureSuccessStatusCode();
            }
            var strata = new Tool(tool, work, node.BaseAddress);

            Assert.Equal(0, (await strata.RunAsync(work, null, "login", "--server", node.BaseAddress.ToString(), "--token", token)).Exit);
            Assert.Equal(0, (await strata.RunAsync(work, null, "clone", "uni/physics/master", "a")).Exit);
            Assert.Equal(0, (await strata.RunAsync(work, null, "clone", "uni/physics/master", "b")).Exit);
            var (a, b) = (Path.Combine(work, "a"), Path.Combine(work, "b"));
            File.WriteAllText(Path.Combine(a, "sheet.md"), "# Sheet, from a\n");
            File.WriteAllText(Path.Combine(a, "new.txt"), "new\n");
            var pushed = await strata.RunAsync(a, null, "push", "--json");
            Assert.True(pushed.Exit == 0, pushed.Error);

            var pulled = await strata.RunAsync(b, null, "pull", "--json");
            Assert.True(pulled.Exit == 0, pulled.Error);
            Assert.Equal("# Sheet, from a\n", File.ReadAllText(Path.Combine(b, "sheet.md")));
            Assert.Equal("new\n", File.ReadAllText(Path.Combine(b, "new.txt")));

            File.WriteAllText(Path.Combine(b, "sheet.md"), "# Sheet, from b\n");
            Assert.Equal(0, (await strata.RunAsync(b, null, "push")).Exit);
            File.WriteAllText(Path.Combine(a, "sheet.md"), "# Sheet, edited in a again\n");
            var refused = await strata.RunAsync(a, null, "push");
            Assert.Equal(1, refused.Exit);
            Assert.Contains("strata pull", refused.Error, StringComparison.Ordinal);
            var conflict = await strata.RunAsync(a, null, "pull", "--json");
            Assert.Equal(0, conflict.Exit);
            Assert.Equal("sheet (remote).md", JsonDocument.Parse(conflict.Out).RootElement.GetProperty("conflicts")[0].GetProperty("remoteCopy").GetString());
            Assert.Equal("# Sheet, from b\n", File.ReadAllText(Path.Combine(a, "sheet (remote).md")));
            Assert.Equal("# Sheet, edited in a again\n", File.ReadAllText(Path.Combine(a, "sheet.md")));

            // A push killed while it works changes nothing on the server; the next one finishes the job.
            var version = await VersionAsync(node, token);
            await using (var big = File.Create(Path.Combine(a, "big.bin")))
            {
                var chunk = new byte[1 << 20];
                for (var i = 0; i < 300; i++)
                {
                    Random.Shared.NextBytes(chunk);
                    await big.WriteAsync(chunk);
                }
            }
            await strata.KillDuringAsync(a, TimeSpan.FromMilliseconds(1500), "push");
            Assert.Equal(version, await VersionAsync(node, token));
            var resumed = await strata.RunAsync(a, null, "push");
            Assert.True(resumed.Exit == 0, resumed.Error);
            Assert.Equal(version + 1, await VersionAsync(node, token));
            Assert.Equal(0, (await strata.RunAsync(b, null, "pull")).Exit);
            Assert.Equal(300L << 20, new FileInfo(Path.Combine(b, "big.bin")).Length);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<long> VersionAsync(NodeProcess node, string token)
    {
        using var client = node.Client(token);
        return (await client.GetFromJsonAsync<JsonElement>("api/v1/orgs/uni/spaces/physics/instances/master/states/current/manifest")).GetProperty("version").GetInt64();
    }

    /// <summary>Packs this build of Strata.Cli and installs it as a tool, as the README says; returns the strata executable.</summary>
    private static async Task<string> InstallAsync(string work)
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Strata.sln")))
            repository = repository.Parent ?? throw new InvalidOperationException("The tests do not run inside the repository.");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var packages = Path.Combine(work, "packages");
        var tools = Path.Combine(work, "tools");
        await DotnetAsync(repository.FullName, "pack", Path.Combine("src", "Strata.Cli", "Strata.Cli.csproj"), "--no-build", "-c", configuration, "-o", packages);
        await DotnetAsync(repository.FullName, "tool", "install", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources", "Strata.Cli");
        return Path.Combine(tools, "strata");
    }

    private static async Task DotnetAsync(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} failed:\n{await output}\n{await error}");
    }

    private sealed class Tool(string executable, string home, Uri server)
    {
        public async Task<(int Exit, string Out, string Error)> RunAsync(string directory, string? input, params string[] args)
        {
            using var process = Process.Start(Start(directory, args))!;
            if (input is not null)
                await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }

        public async Task KillDuringAsync(string directory, TimeSpan after, params string[] args)
        {
            using var process = Process.Start(Start(directory, args))!;
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            await Task.Delay(after);
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        private ProcessStartInfo Start(string directory, string[] args)
        {
            var start = new ProcessStartInfo(executable, args)
            {
                WorkingDirectory = directory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["XDG_CONFIG_HOME"] = Path.Combine(home, "config"), ["STRATA_SERVER"] = server.ToString() },
            };
            start.Environment.Remove("STRATA_TOKEN");
            return start;
        }
    }
}
