using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Strata.Core.Data;

namespace Strata.Data.Postgres;

/// <summary>
/// Lets <c>dotnet ef migrations add Name --project src/Strata.Data.Postgres</c> build the model for PostgreSQL
/// without a server: adding a migration reads no database.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<StrataDb>
{
    public StrataDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<StrataDb>();
        Database.Configure(options, "Host=localhost;Database=strata_design_time");
        return new StrataDb(options.Options);
    }
}
