using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Strata.Server.Hosting;

/// <summary>
/// STRATA_TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
/// From them, the client's address (sign-in limits, the sessions list) and scheme (Secure cookies) are the
/// ones the proxy saw; from anyone else the headers are ignored, so a client cannot choose its own address.
/// </summary>
internal static class TrustedProxies
{
    public const string Variable = "STRATA_TRUSTED_PROXIES";

    /// <summary>Comma-separated addresses ("10.0.0.5", "::1") and CIDR ranges ("10.0.0.0/8"); anything else stops start-up.</summary>
    public static IReadOnlyList<IPNetwork> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return [];
        var networks = new List<IPNetwork>();
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPAddress.TryParse(item, out var address) && !item.Contains('/', StringComparison.Ordinal))
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            // "10.0.0.1/8" is refused rather than guessed at: the host 10.0.0.1, or all of 10.0.0.0/8?
            else if (IPNetwork.TryParse(item, out var network) && network.BaseAddress.Equals(IPAddress.Parse(item[..item.IndexOf('/', StringComparison.Ordinal)])))
                networks.Add(network);
            else
                throw new SettingException(
                    $"{Variable} must list IP addresses or CIDR ranges separated by commas, such as \"10.0.0.5, 192.168.0.0/16\" (\"{item}\" is neither, or its range has bits set after the prefix).");
        }
        return networks;
    }

    /// <summary>First in the pipeline, so everything after sees the client's address and scheme. Nothing trusted, nothing read.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, StrataSettings settings)
    {
        if (settings.TrustedProxies.Count == 0)
            return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Walk back through every trusted hop (a load balancer in front of nginx), stopping at the first untrusted one.
            ForwardLimit = null,
        };
        // The defaults trust loopback; only what the operator listed is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var network in settings.TrustedProxies)
            options.KnownIPNetworks.Add(network);
        return app.UseForwardedHeaders(options);
    }
}
