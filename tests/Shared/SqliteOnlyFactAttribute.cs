using Xunit;

namespace Strata.Tests.Databases;

/// <summary>A test of something only the embedded SQLite configuration has (its file, its pragmas); skipped, with the reason, on PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute()
    {
        if (ScratchDatabase.OnPostgres)
            Skip = "SQLite only: this run is on PostgreSQL (STRATA_TEST_POSTGRES).";
    }
}
