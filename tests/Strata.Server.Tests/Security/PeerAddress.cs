using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Strata.Server.Tests.Security;

/// <summary>
/// Every connection comes from this address, as Kestrel would report it; the test server reports none,
/// and the forwarded-headers middleware believes the first hop of a connection without an address.
/// </summary>
internal sealed class PeerAddress(IPAddress address) : IStartupFilter
{
    public static void Use(IWebHostBuilder builder, string address) =>
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new PeerAddress(IPAddress.Parse(address))));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, rest) =>
        {
            context.Connection.RemoteIpAddress = address;
            return rest(context);
        });
        next(app);
    };
}
