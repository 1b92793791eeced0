using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Data;
using Strata.Core.Distributions;
using Strata.Core.Hierarchy;
using Strata.Core.Snapshots;
using Strata.Core.States;

namespace Strata.Core.Tests.Distributions;

/// <summary>Space "physics" of organisation "uni", driven through the real services as the administrator.</summary>
internal sealed class DistributionWorld(CoreHost host)
{
    public const string Org = "uni";
    public const string Space = "physics";

    public CoreHost Host => host;

    public static InstanceAddress At(string instance) => new(Org, Space, instance);

    public static async Task<DistributionWorld> CreateAsync(CoreHost host)
    {
        await host.CreateSpaceAsync(Org, Space);
        return new DistributionWorld(host);
    }

    public Task<string> AddInstanceAsync(string name, ContentSource? content = null) => host.RunAsync(async s =>
        (await s.GetRequiredService<InstanceService>().CreateAsync(host.Admin, Org, Space, new CreateInstances("single", name, Content: content), CancellationToken.None)).Instances[0].Slug);

    public Task PutAsync(string instance, string path, string text) => host.RunAsync(s =>
        s.GetRequiredService<FileService>().UploadAsync(host.Admin, At(instance), "current", path, new MemoryStream(Encoding.UTF8.GetBytes(text)), null, null, CancellationToken.None));

    public async Task WriteAsync(string instance, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
            await PutAsync(instance, path, text);
    }

    public Task DeleteAsync(string instance, string path) => host.RunAsync(s =>
        s.GetRequiredService<FileService>().DeleteAsync(host.Admin, At(instance), "current", path, null, CancellationToken.None));

    /// <summary>Every file of a state as "path=text", sorted.</summary>
    public Task<IReadOnlyList<string>> FilesAsync(string instance, string state = "current") => FilesAsync(host, At(instance), state);

    /// <summary>Every file of a state of any instance as "path=text", sorted.</summary>
    public static async Task<IReadOnlyList<string>> FilesAsync(CoreHost host, InstanceAddress at, string state = "current")
    {
        var files = new List<string>();
        await host.RunAsync(async s =>
        {
            var service = s.GetRequiredService<FileService>();
            async Task WalkAsync(string? folder)
            {
                var read = await service.ReadAsync(host.Admin, at, state, folder, CancellationToken.None);
                foreach (var entry in read.Folder!.Entries)
                {
                    var path = folder is null ? entry.Name : $"{folder}/{entry.Name}";
                    if (entry.Kind == "folder")
                    {
                        await WalkAsync(path);
                        continue;
                    }
                    var file = (await service.ReadAsync(host.Admin, at, state, path, CancellationToken.None)).File!;
                    await using var stream = await service.OpenAsync(file, CancellationToken.None);
                    using var reader = new StreamReader(stream);
                    files.Add($"{path}={await reader.ReadToEndAsync()}");
                }
            }
            await WalkAsync(null);
        });
        return [.. files.Order(StringComparer.Ordinal)];
    }

    public Task<SnapshotView> SnapshotAsync(string instance, string? name = null) => host.RunAsync(s =>
        s.GetRequiredService<SnapshotService>().CreateAsync(host.Admin, At(instance), new CreateSnapshot(name), CancellationToken.None));

    public Task<IReadOnlyList<SnapshotView>> SnapshotsAsync(string instance) => host.RunAsync(s =>
        s.GetRequiredService<SnapshotService>().ListAsync(host.Admin, At(instance), CancellationToken.None));

    public Task<DistributionView> QueueAsync(string sourceInstance, string state, string[] targets, string strategy = "overwrite", string[]? paths = null, bool? notify = null, string? message = null) =>
        host.RunAsync(s => s.GetRequiredService<DistributionService>().CreateAsync(host.Admin, Org, Space,
            new CreateDistribution(new ContentSource(sourceInstance, state, paths), targets is ["*"] ? new DistributionTargets(All: true) : new DistributionTargets(targets),
                strategy, Notify: notify, Message: message), CancellationToken.None));

    /// <summary>Runs queued jobs as one worker would, to the end.</summary>
    public async Task RunAsync(string worker = "test-worker", int maxTargets = int.MaxValue)
    {
        while (await host.RunAsync(s => s.GetRequiredService<DistributionRunner>().RunNextAsync(worker, maxTargets, CancellationToken.None)) && maxTargets == int.MaxValue)
        {
        }
    }

    public async Task<DistributionView> DistributeAsync(string sourceInstance, string state, string[] targets, string strategy = "overwrite", string[]? paths = null)
    {
        var queued = await QueueAsync(sourceInstance, state, targets, strategy, paths);
        await RunAsync();
        return await GetAsync(queued.Id);
    }

    public Task<DistributionView> GetAsync(Guid id) => host.RunAsync(s =>
        s.GetRequiredService<DistributionService>().GetAsync(host.Admin, Org, Space, id, CancellationToken.None));

    public Task<int> AutoSnapshotCountAsync(string instance) => host.RunAsync(async s =>
    {
        var db = s.GetRequiredService<StrataDb>();
        var id = (await host.InstanceAsync(At(instance))).Id;
        return await db.Snapshots.CountAsync(x => x.InstanceId == id && x.Type == SnapshotType.Auto);
    });
}
