using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Server.Api;

/// <summary>API.md's <c>emails</c>: an array of strings, or one string of addresses separated by commas, semicolons, spaces or newlines.</summary>
[JsonConverter(typeof(EmailListConverter))]
public sealed record EmailList(IReadOnlyList<string> Items);

internal sealed class EmailListConverter : JsonConverter<EmailList>
{
    private const string Expected = "an array of email addresses (strings, none null) or one string of addresses";

    public override EmailList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new EmailList([reader.GetString() ?? ""]),
        JsonTokenType.StartArray => new EmailList(JsonSerializer.Deserialize<string?[]>(ref reader, options) is { } items && items.All(i => i is not null)
            ? [.. items.OfType<string>()]
            : throw new FieldValueException(Expected)),
        _ => throw new FieldValueException(Expected),
    };

    public override void Write(Utf8JsonWriter writer, EmailList value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Items, options);
}
