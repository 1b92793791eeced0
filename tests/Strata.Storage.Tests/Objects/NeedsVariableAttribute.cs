namespace Strata.Storage.Tests.Objects;

/// <summary>
/// On a test class whose store lives outside the process (S3): its <see cref="StoreFactAttribute"/> tests are
/// skipped, with this reason, unless the environment variable is set.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsVariableAttribute(string variable, string reason) : Attribute
{
    public string Variable { get; } = variable;

    public string Reason { get; } = reason;
}
