namespace Strata.Cli.Remote;

/// <summary>An address as the CLI takes it: <c>org[/space[/instance[/path]]]</c>.</summary>
public sealed record Address(string Org, string? Space, string? Instance, string? Path)
{
    public static Address Parse(string? text)
    {
        var parts = (text ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            throw CliException.Usage("Give an address: org/space/instance (and a path inside it where the command takes one).");
        return new Address(parts[0], parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2), parts.Length > 3 ? string.Join('/', parts[3..]) : null);
    }

    /// <summary>org/space/instance, or a usage error saying so.</summary>
    public static Address OfInstance(string? text)
    {
        var address = Parse(text);
        return address.Instance is null
            ? throw CliException.Usage($"\"{text}\" is not an instance: write org/space/instance.")
            : address;
    }

    public string SpacePath => $"orgs/{E(Org)}/spaces/{E(Space!)}";

    public string InstancePath => $"{SpacePath}/instances/{E(Instance!)}";

    public string StatePath(string state) => $"{InstancePath}/states/{E(state)}";

    public override string ToString() => string.Join('/', new[] { Org, Space, Instance, Path }.Where(p => p is not null));

    /// <summary>A path inside a state, each segment escaped.</summary>
    public static string FilePath(string path) => string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));

    private static string E(string segment) => Uri.EscapeDataString(segment);
}
