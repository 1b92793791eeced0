using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Cli;

/// <summary>JSON as the API writes it (camelCase), indented where people read it.</summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
