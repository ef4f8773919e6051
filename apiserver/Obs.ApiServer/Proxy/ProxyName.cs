namespace Obs.ApiServer.Proxy;

/// <summary>
/// The name segment of a proxy request, as Kubernetes splits it: <c>name</c>, <c>name:port</c> or
/// <c>scheme:name:port</c>, the scheme <c>http</c> or <c>https</c> (empty means http) and the port a
/// number or a port's name (either may be empty: <c>https:web:</c>).
/// </summary>
public sealed record ProxyName(string Scheme, string Name, string Port)
{
    /// <summary>The parts of <paramref name="id"/>, or null when it has more than three, an unknown scheme or no name.</summary>
    public static ProxyName? Parse(string id)
    {
        var parts = id.Split(':');
        var (scheme, name, port) = parts switch
        {
            [var n] => ("", n, ""),
            [var n, var p] => ("", n, p),
            [var s, var n, var p] => (s, n, p),
            _ => ("", "", ""),
        };
        return name.Length > 0 && scheme is "" or "http" or "https" ? new ProxyName(scheme, name, port) : null;
    }

    /// <summary>The scheme to speak to the target: http unless https was asked for.</summary>
    public string TargetScheme => Scheme.Length == 0 ? "http" : Scheme;
}
