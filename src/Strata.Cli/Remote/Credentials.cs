using System.Text.Json;

namespace Strata.Cli.Remote;

/// <summary>
/// Where the CLI's server and token live: <c>config.json</c> in the configuration folder, written with mode 0600
/// (readable by its owner only); <c>STRATA_SERVER</c> and <c>STRATA_TOKEN</c> override it. The token is never printed.
/// </summary>
public sealed record Credentials(string? Server, string? Token)
{
    public const string FileName = "config.json";

    public static Credentials Load(CliEnvironment env)
    {
        var path = Path.Combine(env.ConfigDirectory, FileName);
        var stored = File.Exists(path) ? JsonSerializer.Deserialize<Credentials>(File.ReadAllText(path), CliJson.Options) ?? new(null, null) : new(null, null);
        return new Credentials(NonEmpty(env.Variable("STRATA_SERVER")) ?? stored.Server, NonEmpty(env.Variable("STRATA_TOKEN")) ?? stored.Token);
    }

    public void Save(CliEnvironment env)
    {
        Directory.CreateDirectory(env.ConfigDirectory);
        var path = Path.Combine(env.ConfigDirectory, FileName);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
            JsonSerializer.Serialize(stream, this, CliJson.Options);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }

    public Uri ServerUri => Server is { } server && Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
        ? uri
        : throw new CliException("No server is set: run 'strata login --server URL' first, or set STRATA_SERVER.");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
