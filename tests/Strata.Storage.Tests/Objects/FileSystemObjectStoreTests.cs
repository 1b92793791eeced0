using Strata.Storage.Objects;

namespace Strata.Storage.Tests.Objects;

/// <summary>The object contract on a folder (keys are relative paths; writes go through .incoming/).</summary>
public sealed class FileSystemObjectStoreTests : ObjectStoreContractTests
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "strata-object-contract", Guid.NewGuid().ToString("N"));

    protected override Task<IObjectStore> CreateStoreAsync() => Task.FromResult<IObjectStore>(new FileSystemObjectStore(folder));

    protected override Task<IReadOnlyList<string>> LeftoversAsync() => Task.FromResult<IReadOnlyList<string>>(
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f))]);

    protected override Task DeleteStoreAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
