using Strata.Storage;

namespace Strata.Core.Distributions;

/// <summary>What delivering to (or recalling from) one target did, and the delivery base before and after.</summary>
internal sealed record TargetOutcome(long Added, long Updated, long Deleted, long Kept, IReadOnlyList<string> Conflicts, ContentId BaseBefore)
{
    public ContentId? BaseAfter { get; init; }
}
