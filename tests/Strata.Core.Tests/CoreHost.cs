using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Tests.Databases;

namespace Strata.Core.Tests;

/// <summary>
/// The domain services wired exactly as the server wires them (<see cref="CoreServices.AddStrataCore"/>),
/// over a migrated database of its own (<see cref="ScratchDatabase"/>) and a content store in a temp folder, with a fake clock and a platform
/// administrator. Each call runs in a scope of its own, as a request would.
/// </summary>
public sealed class CoreHost : IAsyncDisposable
{
    private CoreHost(string folder, string connectionString, ServiceProvider services, Actor admin)
    {
        Folder = folder;
        ConnectionString = connectionString;
        Services = services;
        Admin = admin;
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    public string ContentDirectory => Path.Combine(Folder, "content");

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public Actor Admin { get; }

    public static async Task<CoreHost> CreateAsync(Action<IServiceCollection>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "strata-core-hosts", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var services = new ServiceCollection().AddLogging();
        var connectionString = ScratchDatabase.Create(folder);
        services.AddStrataCore(connectionString, Path.Combine(folder, "content"), new AccountOptions { PasswordIterations = 1000 });
        services.AddSingleton<Mail.ILinks, TestLinks>();
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero))));
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(validateScopes: true);
        await using (var scope = provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StrataDb>().Database.MigrateAsync();
        var host = new CoreHost(folder, connectionString, provider, null!);
        var admin = await host.RunAsync(s => s.GetRequiredService<AccountService>().CreateUserAsync("admin@example.org", "Admin", "admin password", true, CancellationToken.None));
        return new CoreHost(folder, connectionString, provider, new Actor(admin.Id, admin.Email, true));
    }

    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task RunAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>Organisation "uni" with course space "physics" (Master and Distributed), made by the administrator.</summary>
    public async Task CreateSpaceAsync(string org = "uni", string space = "physics")
    {
        await RunAsync(async s =>
        {
            if (!await s.GetRequiredService<StrataDb>().Organisations.AnyAsync(o => o.Slug == org))
                await s.GetRequiredService<OrgService>().CreateAsync(Admin, org, org, CancellationToken.None);
        });
        await RunAsync(s => s.GetRequiredService<SpaceService>().CreateAsync(Admin, org, new CreateSpace(space, SpaceType.Course, SpaceVisibility.Private, ""), CancellationToken.None));
    }

    /// <summary>The instance row at an address.</summary>
    public Task<Instance> InstanceAsync(InstanceAddress at) => RunAsync(async s =>
    {
        var db = s.GetRequiredService<StrataDb>();
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Slug == at.Instance
            && db.Spaces.Any(sp => sp.Id == i.SpaceId && sp.Slug == at.Space && db.Organisations.Any(o => o.Id == sp.OrgId && o.Slug == at.Org)));
    });

    /// <summary>Row counts of every table, straight from the database.</summary>
    public async Task<IReadOnlyDictionary<string, long>> RowCountsAsync()
    {
        await using var connection = ScratchDatabase.Connect(ConnectionString);
        await connection.OpenAsync();
        var tables = await ScratchDatabase.TablesAsync(connection);
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    /// <summary>Files and bytes under a folder of the content store ("blobs" or "trees").</summary>
    public (long Files, long Bytes) ContentUsage(string folder)
    {
        var path = Path.Combine(ContentDirectory, folder);
        if (!Directory.Exists(path))
            return (0, 0);
        var files = new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        return (files.Count, files.Sum(f => f.Length));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        ScratchDatabase.Drop(ConnectionString);
        Directory.Delete(Folder, recursive: true);
    }
}
