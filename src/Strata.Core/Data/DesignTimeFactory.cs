using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Strata.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without the server.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<StrataDb>
{
    public StrataDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<StrataDb>();
        Database.Configure(options, "Data Source=design-time.db");
        return new StrataDb(options.Options);
    }
}
