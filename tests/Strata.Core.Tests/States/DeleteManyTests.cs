using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Errors;
using Strata.Core.States;
using Strata.Core.Tests.Distributions;
using Strata.Storage;

namespace Strata.Core.Tests.States;

/// <summary>Deleting several selected paths is one change of the state: all of them, or none.</summary>
public sealed class DeleteManyTests
{
    [Fact]
    public async Task SelectedFilesAndFoldersGoInOneVersionAndAMissingOneDeletesNothing()
    {
        await using var host = await CoreHost.CreateAsync();
        var world = await DistributionWorld.CreateAsync(host);
        await world.WriteAsync("master", ("a.txt", "a"), ("lab/b.py", "b"), ("lab/c.py", "c"), ("keep.md", "k"));
        Task<long> DeleteAsync(params string[] paths) => host.RunAsync(s =>
            s.GetRequiredService<FileService>().DeleteManyAsync(host.Admin, DistributionWorld.At("master"), "current", paths, null, CancellationToken.None));

        var failed = await Assert.ThrowsAsync<StorageException>(() => DeleteAsync("a.txt", "nope.txt"));
        Assert.Equal(["a.txt=a", "keep.md=k", "lab/b.py=b", "lab/c.py=c"], await world.FilesAsync("master"));

        var before = await host.RunAsync(s => s.GetRequiredService<FileService>().ReadAsync(host.Admin, DistributionWorld.At("master"), "current", null, CancellationToken.None));
        var version = await DeleteAsync("a.txt", "lab", "lab/b.py");

        Assert.Equal(["keep.md=k"], await world.FilesAsync("master"));
        Assert.Equal(before.Version + 1, version);
        Assert.Equal(StorageException.NotFound, failed.Code);
        await Assert.ThrowsAsync<DomainException>(() => DeleteAsync());
    }
}
