using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Strata.Core;
using Strata.Core.Accounts;
using Strata.Core.Snapshots;
using Strata.Server.Api;
using Strata.Server.Auth;
using Strata.Server.Errors;
using Strata.Server.Hosting;

// The content root is the app's own folder, so the operator's working directory only decides where ./data is.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var settings = StrataSettings.From(builder.Configuration);

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<PublicUrl>();
builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(settings.KeysDirectory));
builder.Services.AddStrataCore(settings.DatabaseConnectionString, settings.BlobDirectory, new AccountOptions
{
    PasswordIterations = builder.Configuration.GetValue("STRATA_PASSWORD_ITERATIONS", PasswordHasher.DefaultIterations),
});
builder.Services.AddSingleton(new SnapshotOptions { PerUserLimit = builder.Configuration.GetValue("STRATA_SNAPSHOT_LIMIT", 200) });
builder.Services.AddHostedService<StartupReport>();
builder.Services.AddHostedService<DatabaseStartup>();
builder.Services.AddHostedService<DistributionWorker>();
builder.Services.AddStrataMail(settings, builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

builder.Services.AddStrataAuth();
builder.Services.AddStrataSignInLimits(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.RespectNullableAnnotations = true;
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
});
builder.Services.AddStrataOpenApi();
builder.Services.AddRazorPages();
builder.Services.AddScoped<Strata.Server.Pages.Spaces.ContentPicker>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages(async context =>
{
    if (Problems.IsApiRequest(context.HttpContext.Request))
    {
        var status = context.HttpContext.Response.StatusCode;
        await Problems.WriteAsync(context.HttpContext, StatusCodeProblems.CodeFor(status), StatusCodeProblems.DetailFor(status), status);
    }
});
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/healthz").AllowAnonymous();
app.UseStrataApiReference();
app.MapStrataApi();
app.MapRazorPages();

app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
