using Strata.Storage.States;

namespace Strata.Core.States;

/// <summary>
/// The bounds on work one request may cause (SPEC §6; STRATA_STATE_MAX_BYTES, STRATA_STATE_MAX_FILES,
/// STRATA_MAX_UPLOAD_BYTES): generous for real courses, finite for a student trying to exhaust the server.
/// </summary>
public sealed class ContentLimits
{
    public const int MaxInstancesPerRequestDefault = 2_000;

    public long StateMaxBytes { get; init; } = StateLimits.DefaultMaxBytes;

    public long StateMaxFiles { get; init; } = StateLimits.DefaultMaxFiles;

    /// <summary>The largest single upload.</summary>
    public long MaxUploadBytes { get; init; } = 16L << 30;

    /// <summary>The most a zip download may carry (logical bytes, before compression).</summary>
    public long ZipMaxBytes { get; init; } = 64L << 30;

    /// <summary>The most instances one creation request may make.</summary>
    public int MaxInstancesPerRequest { get; init; } = MaxInstancesPerRequestDefault;

    public StateLimits State => new(StateMaxBytes, StateMaxFiles);
}
