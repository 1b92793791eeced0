using Xunit;

namespace Strata.Tests.Databases;

/// <summary>A test of what only the several-node configuration has (advisory locks, several nodes on one database); it runs in the PostgreSQL pass of .ci/run.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresOnlyFactAttribute : FactAttribute
{
    public PostgresOnlyFactAttribute()
    {
        if (!ScratchDatabase.OnPostgres)
            Skip = "PostgreSQL only: set STRATA_TEST_POSTGRES (tests/tools/postgres/start prints a value), as .ci/run does.";
    }
}
