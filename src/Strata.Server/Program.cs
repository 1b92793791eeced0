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
StrataSettings settings;
try
{
    settings = StrataSettings.From(builder.Configuration);
}
catch (SettingException e)
{
    SettingException.Stop(e);
    throw;
}

builder.WebHost.ConfigureKestrel(RequestLimits.Apply);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<PublicUrl>();
// Hosted services start in the order they are added: the schema first, before data protection's own start-up
// service loads the key ring from it (on PostgreSQL the keys are a table).
builder.Services.AddHostedService<StartupReport>();
builder.Services.AddHostedService<DatabaseStartup>();
// One application name, so every node of one platform reads the others' cookies; the keys live where every
// node finds them: the data folder for the embedded default, the database on PostgreSQL.
var dataProtection = builder.Services.AddDataProtection().SetApplicationName("Strata");
if (settings.KeysInDatabase)
    dataProtection.PersistKeysToStrataDatabase();
else
    dataProtection.PersistKeysToFileSystem(new DirectoryInfo(settings.KeysDirectory));
try
{
    builder.Services.AddStrataCore(settings.DatabaseConnectionString, settings.BlobDirectory, new AccountOptions { PasswordIterations = settings.PasswordIterations },
        name => builder.Configuration[name]);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
{
    SettingException.Stop(new SettingException($"STRATA_BLOBS: the content store cannot be used ({settings.BlobDirectory}): {e.Message}"));
}
builder.Services.AddSingleton(new SnapshotOptions { PerUserLimit = settings.SnapshotLimit });
builder.Services.AddSingleton(settings.Limits);
builder.Services.AddSingleton(settings.Collection);
builder.Services.AddHostedService<DistributionWorker>();
builder.Services.AddHostedService<DeadlineWorker>();
builder.Services.AddHostedService<MaintenanceWorker>();
builder.Services.AddStrataMail(settings);
// /healthz: the process serves. /readyz: it can also reach its database and content store (API.md).
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseHealthCheck>("database", tags: [Readiness.Tag], timeout: Readiness.Timeout)
    .AddCheck<ContentStoreHealthCheck>("content store", tags: [Readiness.Tag], timeout: Readiness.Timeout);

builder.Services.AddStrataAuth();
builder.Services.AddStrataSignInLimits(settings);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.RespectNullableAnnotations = true;
    options.SerializerOptions.Converters.Add(new StrictEnumConverterFactory());
});
builder.Services.AddStrataOpenApi();
builder.Services.AddRazorPages().AddMvcOptions(options =>
{
    options.ModelBinderProviders.Insert(0, new Strata.Server.Pages.EnumNameBinderProvider());
    options.Filters.Add(new Strata.Server.Pages.HandlerRequiredFilter());
});
builder.Services.AddScoped<Strata.Server.Pages.Spaces.ContentPicker>();

var app = builder.Build();

app.UseTrustedProxies(settings);
app.UseSecurityHeaders(settings);
app.UseSecureCookies(settings);
app.UseHeadAsGet();
app.UseExceptionHandler();
app.UseWriteIntents();
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
app.MapHealthChecks("/healthz", Readiness.Liveness).AllowAnonymous();
app.MapHealthChecks("/readyz", Readiness.Dependencies).AllowAnonymous();
app.UseStrataApiReference();
app.MapStrataApi();
app.MapRazorPages();

app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
