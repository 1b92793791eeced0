using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Core.Mail;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Blobs;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Bench.Harness;

/// <summary>
/// Strata in-process through its real services (the same wiring as the server: its database (<see cref="BenchDatabase"/>), content
/// store on disk), with a platform administrator and one course space.
/// </summary>
public sealed class StrataHost : IAsyncDisposable
{
    public const string Org = "uni";
    public const string Space = "course";

    private StrataHost(string folder, string connectionString, ServiceProvider services, Actor admin)
    {
        Folder = folder;
        ConnectionString = connectionString;
        Services = services;
        Admin = admin;
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    public ServiceProvider Services { get; }

    public Actor Admin { get; }

    /// <summary>STRATA_BLOBS of this host: a folder, or a bucket of its own (<see cref="BenchContent"/>).</summary>
    public string Content { get; private init; } = "";

    public static async Task<StrataHost> CreateAsync(string folder, Action<IServiceCollection>? configure = null)
    {
        Directory.CreateDirectory(folder);
        var services = new ServiceCollection().AddLogging();
        var connectionString = BenchDatabase.Create(folder);
        var content = BenchContent.Create(folder);
        services.AddStrataCore(connectionString, content, new AccountOptions { PasswordIterations = 1000 }, BenchContent.Setting);
        services.AddSingleton<ILinks, BenchLinks>();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StrataDb>().Database.MigrateAsync();
        Actor admin;
        await using (var scope = provider.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("admin@bench.example", "Admin", "bench password", true, CancellationToken.None);
            admin = new Actor(user.Id, user.Email, true);
        }
        var host = new StrataHost(folder, connectionString, provider, admin) { Content = content };
        await host.RunAsync(s => s.GetRequiredService<OrgService>().CreateAsync(admin, "University", Org, CancellationToken.None));
        await host.RunAsync(s => s.GetRequiredService<SpaceService>().CreateAsync(admin, Org, new CreateSpace(Space, SpaceType.Course, SpaceVisibility.Private, ""), CancellationToken.None));
        return host;
    }

    public static InstanceAddress At(string instance) => new(Org, Space, instance);

    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Imports a folder into an instance's current state: each file into the blob store, then one swap of the root.</summary>
    public Task ImportAsync(string instance, string folder, IEnumerable<string> paths) => ImportAsync(At(instance), folder, paths);

    /// <summary>As above, into an instance of any space.</summary>
    public async Task ImportAsync(InstanceAddress at, string folder, IEnumerable<string> paths)
    {
        var blobs = Services.GetRequiredService<IBlobStore>();
        var trees = Services.GetRequiredService<ITreeStore>();
        await RunAsync(async s =>
        {
            var db = s.GetRequiredService<StrataDb>();
            var id = await db.Instances.Where(i => i.Slug == at.Instance && db.Spaces.Any(sp => sp.Id == i.SpaceId && sp.Slug == at.Space)).Select(i => i.Id).SingleAsync();
            var refs = s.GetRequiredService<IStateRefStore>();
            await s.GetRequiredService<Strata.Core.Maintenance.WriteIntent>().BeginAsync(CancellationToken.None);
            var key = StateRefRow.CurrentOf(id);
            var current = (await refs.GetAsync(key, CancellationToken.None))!.Value;
            var editor = new TreeEditor(trees, current.Root);
            foreach (var path in paths)
            {
                await using var stream = File.OpenRead(Path.Combine(folder, path));
                var stored = await blobs.PutAsync(stream, CancellationToken.None);
                await editor.PutFileAsync(StoragePath.Parse(path), stored.Id, stored.Size, DateTimeOffset.UtcNow, CancellationToken.None);
            }
            var (root, _) = await editor.CommitAsync(CancellationToken.None);
            if (!await refs.TryCompareAndSwapAsync(key, current, root, CancellationToken.None))
                throw new InvalidOperationException("The state changed during the import.");
            return true;
        });
    }

    /// <summary>Uploads files through the file service, as an editor's writes arrive.</summary>
    public Task UploadAsync(string instance, string folder, IEnumerable<string> paths) => RunAsync(async s =>
    {
        var files = s.GetRequiredService<FileService>();
        foreach (var path in paths)
        {
            await using var stream = File.OpenRead(Path.Combine(folder, path));
            await files.UploadAsync(Admin, At(instance), "current", path, stream, null, null, CancellationToken.None);
        }
        return true;
    });

    public long BlobBytes => BenchContent.Bytes(Content, "blobs");

    /// <summary>The database (with its write-ahead log) and the tree store: everything but file bytes.</summary>
    public long MetadataBytes =>
        BenchDatabase.SizeBytes(ConnectionString, Folder) + BenchContent.Bytes(Content, "trees");

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        BenchDatabase.Drop(ConnectionString);
        BenchContent.Drop(Content);
        Directory.Delete(Folder, recursive: true);
    }

    private sealed class BenchLinks : ILinks
    {
        public string Invitation(string secret) => "http://bench.invalid/invitations/" + secret;

        public string Page(string path) => "http://bench.invalid/" + path;
    }
}
