using System.Text.Json;

namespace Strata.Server.Api;

/// <summary>
/// A JSON field holding a value of the right JSON type but not one the field accepts. The serializer adds the
/// field's path; the message is ours, written for the caller, so the problem detail can repeat it.
/// </summary>
internal sealed class FieldValueException(string expected) : JsonException(expected)
{
    public string Expected { get; } = expected;
}
