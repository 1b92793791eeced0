using System.Text.Json;

namespace Strata.Server.Api;

/// <summary>
/// The names an enum field accepts (API.md: only its names, camelCase), shared by JSON bodies and page forms.
/// Numbers, numeric strings and comma-joined combinations are not names.
/// </summary>
internal static class EnumNames
{
    public static string[] Of(Type enumType) =>
        [.. Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName)];

    public static bool TryParse(Type enumType, string? text, out object? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
            return false;
        foreach (var name in Enum.GetNames(enumType))
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                value = Enum.Parse(enumType, name);
                return true;
            }
        }
        return false;
    }

    public static string Expected(Type enumType) => "one of " + string.Join(", ", Of(enumType));
}
