using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Strata.Server.Hosting;

/// <summary>The base of links Strata sends out: STRATA_PUBLIC_URL, else the first address the server listens on.</summary>
public sealed class PublicUrl(StrataSettings settings, IServer server)
{
    public string Base
    {
        get
        {
            if (settings.PublicUrl is not null)
                return settings.PublicUrl;
            var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (first is null)
                return "http://localhost";
            // A wildcard bind address is no use in a link a person clicks.
            return first.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost")
                .Replace("://+", "://localhost").Replace("://*", "://localhost").TrimEnd('/');
        }
    }

    public string To(string path) => Base + "/" + path.TrimStart('/');
}
