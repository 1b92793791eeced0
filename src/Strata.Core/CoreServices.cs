using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Accounts;
using Strata.Core.Data;

namespace Strata.Core;

public static class CoreServices
{
    /// <summary>The domain services over one metadata database.</summary>
    public static IServiceCollection AddStrataCore(this IServiceCollection services, string connectionString, AccountOptions accountOptions)
    {
        services.AddDbContext<StrataDb>(options => Database.Configure(options, connectionString));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(accountOptions);
        services.AddSingleton<SetupSecret>();
        services.AddScoped<AccountService>();
        services.AddScoped<Bootstrap>();
        return services;
    }
}
