using Microsoft.EntityFrameworkCore;

namespace Strata.Core.Data;

/// <summary>
/// Opens database contexts that belong to no request scope, for work that must happen as a scope ends (when the scope's
/// own services can no longer be resolved) or beside its transaction.
/// </summary>
public sealed class StandaloneDb(string connectionString)
{
    private readonly DbContextOptions<StrataDb> options = Build(connectionString);

    public StrataDb Open() => new(options);

    private static DbContextOptions<StrataDb> Build(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<StrataDb>();
        Database.Configure(builder, connectionString);
        return builder.Options;
    }
}
