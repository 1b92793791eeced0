using Xunit;

namespace Strata.Tests.Databases;

/// <summary>A test that needs an S3-protocol server of its own (<see cref="S3Server"/>); it runs in the passes of .ci/run that install s3rver.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class S3OnlyFactAttribute : FactAttribute
{
    public S3OnlyFactAttribute()
    {
        if (ScratchBucket.Server is null)
            Skip = "S3 only: set STRATA_TEST_S3 (tests/tools/s3/start prints a value; npm ci in tests/tools/s3 first), as .ci/run does.";
    }
}
