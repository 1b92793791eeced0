using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Server.Api;

/// <summary>
/// Enums as camelCase names, and only names: JsonStringEnumConverter with integers disallowed still takes
/// "editor, viewer" (a flag combination) and so stores a value that is no role at all.
/// </summary>
internal sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && EnumNames.TryParse(typeof(T), reader.GetString(), out var value)
                ? (T)value!
                : throw new FieldValueException(EnumNames.Expected(typeof(T)));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            EnumNames.TryParse(typeof(T), reader.GetString(), out var value) ? (T)value! : throw new FieldValueException(EnumNames.Expected(typeof(T)));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
    }
}
