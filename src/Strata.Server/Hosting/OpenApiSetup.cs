using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Strata.Server.Api;

namespace Strata.Server.Hosting;

/// <summary>The API describes itself at /openapi/v1.json; a reference page served by Strata reads it at /docs/api.</summary>
internal static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    public const string ReferencePath = "/docs/api";

    public static IServiceCollection AddStrataOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Strata API";
            document.Info.Description =
                "The HTTP API of Strata. Authenticate with 'Authorization: Bearer <token>'; create a token with POST /api/v1/auth/tokens.";
            return Task.CompletedTask;
        }).AddSchemaTransformer((schema, context, _) =>
        {
            // Enums go through Strata's own converter (names only), which the schema generator cannot see into.
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum)
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = [.. EnumNames.Of(type).Select(name => (JsonNode)JsonValue.Create(name))];
            }
            return Task.CompletedTask;
        }));

    public static WebApplication UseStrataApiReference(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = ReferencePath.TrimStart('/');
            options.DocumentTitle = "Strata API reference";
            options.SwaggerEndpoint(DocumentPath, "Strata API v1");
        });
        return app;
    }
}
