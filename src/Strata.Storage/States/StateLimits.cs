using Strata.Storage.Trees;

namespace Strata.Storage.States;

/// <summary>
/// How much one state may hold, counted logically (a copy counts again, though it costs no bytes): a
/// state may hold exactly <see cref="MaxFiles"/> files and <see cref="MaxBytes"/> bytes. Copies are free,
/// so without a bound thirty nested copies make a petabyte that every zip and walk must then cross.
/// </summary>
public sealed record StateLimits(long MaxBytes, long MaxFiles)
{
    public const long DefaultMaxBytes = 1L << 40;

    public const long DefaultMaxFiles = 1_000_000;

    public static readonly StateLimits Default = new(DefaultMaxBytes, DefaultMaxFiles);

    /// <summary>Refuses a change from <paramref name="before"/> to <paramref name="after"/> that grows a state past a limit (shrinking one already over it is fine).</summary>
    public void Check(FolderSummary before, FolderSummary after)
    {
        if (after.FileCount > MaxFiles && after.FileCount > before.FileCount)
            throw new StorageException(StorageException.LimitExceeded,
                $"This change would make the state hold {after.FileCount:N0} files; a state may hold at most {MaxFiles:N0} (STRATA_STATE_MAX_FILES). Delete files first, or ask the operator to raise the limit.");
        if (after.TotalSize > MaxBytes && after.TotalSize > before.TotalSize)
            throw new StorageException(StorageException.LimitExceeded,
                $"This change would make the state hold {after.TotalSize:N0} bytes (copies count in full); a state may hold at most {MaxBytes:N0} (STRATA_STATE_MAX_BYTES). Delete files first, or ask the operator to raise the limit.");
    }
}
